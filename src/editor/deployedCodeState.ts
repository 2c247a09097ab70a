import * as vscode from 'vscode';

/** What a compare found for a function: its deployed code matches the workspace's, or differs. */
export type DeployedCodeState = 'same' | 'differs';

/**
 * The last known comparison of each function's deployed code with the workspace, by
 * connection, scope, environment and name: the function rows show it, compare and deploy set it.
 */
export class DeployedCodeStates implements vscode.Disposable {
  private readonly states = new Map<string, DeployedCodeState>();
  private readonly changes = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changes.event;

  static key(connectionId: string, scopeKey: string, env: string, functionName: string): string {
    return JSON.stringify([connectionId, scopeKey, env, functionName]);
  }

  get(key: string): DeployedCodeState | undefined {
    return this.states.get(key);
  }

  set(key: string, state: DeployedCodeState | undefined): void {
    if (state) this.states.set(key, state);
    else this.states.delete(key);
    this.changes.fire();
  }

  dispose(): void {
    this.changes.dispose();
  }
}

export const deployedCodeStates = new DeployedCodeStates();
