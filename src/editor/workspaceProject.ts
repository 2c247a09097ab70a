import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';

/** What a mini-program project in the workspace tells about its cloud functions. */
export interface WorkspaceProject {
  folder: vscode.Uri;
  appid?: string;
  envId?: string;
  functionRoot?: vscode.Uri;
  /** Default test events by function name (`cloudbaserc.json` `functions[].params`). */
  params: Map<string, unknown>;
}

async function readJson(uri: vscode.Uri): Promise<Record<string, unknown> | undefined> {
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    const value: unknown = parse(new TextDecoder().decode(bytes));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads `project.config.json` and `cloudbaserc.json` of each workspace folder that has one. */
export async function findWorkspaceProjects(): Promise<WorkspaceProject[]> {
  const projects: WorkspaceProject[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const project = await readProject(folder.uri);
    if (project) projects.push(project);
  }
  return projects;
}

export async function readProject(folder: vscode.Uri): Promise<WorkspaceProject | undefined> {
  const config = await readJson(vscode.Uri.joinPath(folder, 'project.config.json'));
  const rc = await readJson(vscode.Uri.joinPath(folder, 'cloudbaserc.json'));
  if (!config && !rc) return undefined;
  const root = typeof config?.cloudfunctionRoot === 'string' ? config.cloudfunctionRoot : undefined;
  const params = new Map<string, unknown>();
  if (Array.isArray(rc?.functions)) {
    for (const f of rc.functions as Array<Record<string, unknown>>) {
      if (typeof f?.name === 'string' && f.params !== undefined) params.set(f.name, f.params);
    }
  }
  return {
    folder,
    appid: typeof config?.appid === 'string' ? config.appid : undefined,
    envId: typeof rc?.envId === 'string' ? rc.envId : undefined,
    functionRoot: root ? vscode.Uri.joinPath(folder, root) : undefined,
    params,
  };
}

/** Names of the cloud functions present on disk under a project's function root. */
export async function localFunctionNames(project: WorkspaceProject): Promise<string[]> {
  if (!project.functionRoot) return [];
  try {
    const entries = await vscode.workspace.fs.readDirectory(project.functionRoot);
    return entries
      .filter(([name, type]) => type === vscode.FileType.Directory && !name.startsWith('.') && name !== 'node_modules')
      .map(([name]) => name)
      .sort();
  } catch {
    return [];
  }
}
