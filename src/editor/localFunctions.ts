import * as vscode from 'vscode';
import { findWorkspaceProjects, localFunctionNames, type NameProblem, type WorkspaceProject } from './workspaceProject';

export interface LocalFunction {
  name: string;
  project: WorkspaceProject;
  folder: vscode.Uri;
}

interface Found {
  functions: LocalFunction[];
  /** Names in the projects' files and folders that are not used, with why. */
  problems: NameProblem[];
}

/**
 * The cloud functions of the mini-program projects in the workspace, read from disk on first
 * use and again when a project file or function folder changes.
 */
export class LocalFunctions implements vscode.Disposable {
  private cached?: Promise<Found>;
  private known = new Set<string>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/{project.config.json,cloudbaserc.json,*/index.js}');
  private readonly disposables: vscode.Disposable[] = [this.watcher];
  /**
   * Each function root's own folders, watched as they come and go. A folder made with its
   * `index.js` at once can have that file written before the recursive watcher watches the new
   * folder, so the file's event never comes; the folder's own event, in a folder already
   * watched, does.
   */
  private rootWatchers: vscode.Disposable[] = [];
  private readonly reset = () => (this.cached = undefined);

  constructor() {
    const reset = this.reset;
    this.disposables.push(
      this.watcher.onDidCreate(reset),
      this.watcher.onDidDelete(reset),
      this.watcher.onDidChange(reset),
      vscode.workspace.onDidChangeWorkspaceFolders(reset),
    );
  }

  async list(): Promise<LocalFunction[]> {
    return (await this.found()).functions;
  }

  /** Function names from the workspace that are not used because they could steer a path. */
  async problems(): Promise<NameProblem[]> {
    return (await this.found()).problems;
  }

  private found(): Promise<Found> {
    this.cached ??= this.read();
    return this.cached;
  }

  async projects(): Promise<WorkspaceProject[]> {
    return findWorkspaceProjects();
  }

  /** Whether a function of this name was found the last time the workspace was read. */
  has(name: string): boolean {
    return this.known.has(name);
  }


  private async read(): Promise<Found> {
    const functions: LocalFunction[] = [];
    const problems: NameProblem[] = [];
    const projects = await findWorkspaceProjects();
    for (const project of projects) {
      const local = await localFunctionNames(project);
      problems.push(...project.problems.filter((p) => p.source !== 'envId'), ...local.problems);
      for (const name of local.names) functions.push({ name, project, folder: vscode.Uri.joinPath(project.functionRoot!, name) });
    }
    this.known = new Set(functions.map((f) => f.name));
    this.watchRoots(projects.flatMap((p) => (p.functionRoot ? [p.functionRoot] : [])));
    return { functions, problems };
  }

  private watchRoots(roots: vscode.Uri[]): void {
    for (const d of this.rootWatchers) d.dispose();
    this.rootWatchers = roots.flatMap((root) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, '*'), false, true, false);
      return [watcher, watcher.onDidCreate(this.reset), watcher.onDidDelete(this.reset)];
    });
  }

  dispose(): void {
    for (const d of [...this.disposables, ...this.rootWatchers]) d.dispose();
  }
}
