import * as vscode from 'vscode';
import { findWorkspaceProjects, localFunctionNames, type WorkspaceProject } from './workspaceProject';

export interface LocalFunction {
  name: string;
  project: WorkspaceProject;
  folder: vscode.Uri;
}

/**
 * The cloud functions of the mini-program projects in the workspace, read from disk on first
 * use and again when a project file or function folder changes.
 */
export class LocalFunctions implements vscode.Disposable {
  private cached?: Promise<LocalFunction[]>;
  private known = new Set<string>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/{project.config.json,cloudbaserc.json,*/index.js}');
  private readonly disposables: vscode.Disposable[] = [this.watcher];

  constructor() {
    const reset = () => (this.cached = undefined);
    this.disposables.push(
      this.watcher.onDidCreate(reset),
      this.watcher.onDidDelete(reset),
      this.watcher.onDidChange(reset),
      vscode.workspace.onDidChangeWorkspaceFolders(reset),
    );
  }

  list(): Promise<LocalFunction[]> {
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


  private async read(): Promise<LocalFunction[]> {
    const found: LocalFunction[] = [];
    for (const project of await findWorkspaceProjects()) {
      for (const name of await localFunctionNames(project)) {
        found.push({ name, project, folder: vscode.Uri.joinPath(project.functionRoot!, name) });
      }
    }
    this.known = new Set(found.map((f) => f.name));
    return found;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
