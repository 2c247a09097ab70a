import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { MAX_SEGMENT_LENGTH, checkSegment, isInside, type SegmentProblem } from '../core/safeName';

/** A name from a workspace file that is not used because it could steer a path. */
export interface NameProblem {
  /** Where the name came from. */
  source: 'envId' | 'functionName' | 'functionFolder' | 'functionRoot';
  value: string;
  /** `outside` for a cloud-function root that leaves the workspace folder. */
  problem: SegmentProblem | 'outside';
}

/** What a mini-program project in the workspace tells about its cloud functions. */
export interface WorkspaceProject {
  folder: vscode.Uri;
  appid?: string;
  /** `cloudbaserc.json` `envId`, when it is a single safe path segment. */
  envId?: string;
  functionRoot?: vscode.Uri;
  /** Default test events by function name (`cloudbaserc.json` `functions[].params`). */
  params: Map<string, unknown>;
  /** Names in the project's files that were refused, to show rather than drop silently. */
  problems: NameProblem[];
}

async function readJson(uri: vscode.Uri): Promise<Record<string, unknown> | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch {
    // Most folders have neither file: absence is the common case, not a failure.
    return undefined;
  }
  const value: unknown = parse(new TextDecoder().decode(bytes));
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
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
  const problems: NameProblem[] = [];
  const segment = (source: NameProblem['source'], value: string): string | undefined => {
    const problem = checkSegment(value);
    if (problem) problems.push({ source, value, problem });
    return problem ? undefined : value;
  };

  let functionRoot: vscode.Uri | undefined;
  if (typeof config?.cloudfunctionRoot === 'string' && config.cloudfunctionRoot) {
    const root = vscode.Uri.joinPath(folder, config.cloudfunctionRoot);
    if (isInside(folder.path, root.path)) functionRoot = root;
    else problems.push({ source: 'functionRoot', value: config.cloudfunctionRoot, problem: 'outside' });
  }
  const params = new Map<string, unknown>();
  if (Array.isArray(rc?.functions)) {
    for (const f of rc.functions as Array<Record<string, unknown>>) {
      if (typeof f?.name !== 'string' || f.params === undefined) continue;
      const name = segment('functionName', f.name);
      if (name !== undefined) params.set(name, f.params);
    }
  }
  return {
    folder,
    appid: typeof config?.appid === 'string' ? config.appid : undefined,
    envId: typeof rc?.envId === 'string' ? segment('envId', rc.envId) : undefined,
    functionRoot,
    params,
    problems,
  };
}

/** Names of the cloud functions present on disk under a project's function root, and the folders refused. */
export async function localFunctionNames(project: WorkspaceProject): Promise<{ names: string[]; problems: NameProblem[] }> {
  if (!project.functionRoot) return { names: [], problems: [] };
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(project.functionRoot);
  } catch {
    // A cloudfunctionRoot that does not exist (yet) holds no functions.
    return { names: [], problems: [] };
  }
  const names: string[] = [];
  const problems: NameProblem[] = [];
  for (const [name, type] of entries) {
    if (type !== vscode.FileType.Directory || name.startsWith('.') || name === 'node_modules') continue;
    const problem = checkSegment(name);
    if (problem) problems.push({ source: 'functionFolder', value: name, problem });
    else names.push(name);
  }
  return { names: names.sort(), problems };
}

/** A name as it can be shown in one line: quoted, escapes visible, long ones shortened. */
export function shownName(value: string): string {
  const chars = [...value];
  return JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : value);
}

/** Why a name cannot be used, in the user's words. */
export function describeSegmentProblem(problem: SegmentProblem | 'outside'): string {
  switch (problem) {
    case 'empty':
      return vscode.l10n.t('it is empty');
    case 'dots':
      return vscode.l10n.t('it is “.” or “..”');
    case 'separator':
      return vscode.l10n.t('it contains / or \\');
    case 'control':
      return vscode.l10n.t('it contains control characters');
    case 'tooLong':
      return vscode.l10n.t('it is longer than {0} characters', MAX_SEGMENT_LENGTH);
    case 'outside':
      return vscode.l10n.t('it points outside the workspace folder');
  }
}

/** One line saying which name of which file is not used, and why. */
export function describeNameProblem(p: NameProblem): string {
  const name = shownName(p.value);
  const reason = describeSegmentProblem(p.problem);
  switch (p.source) {
    case 'envId':
      return vscode.l10n.t('cloudbaserc.json envId {0} is not used: {1}', name, reason);
    case 'functionName':
      return vscode.l10n.t('cloudbaserc.json function name {0} is not used: {1}', name, reason);
    case 'functionFolder':
      return vscode.l10n.t('Function folder {0} is not used: {1}', name, reason);
    case 'functionRoot':
      return vscode.l10n.t('project.config.json cloudfunctionRoot {0} is not used: {1}', name, reason);
  }
}
