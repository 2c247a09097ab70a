import * as vscode from 'vscode';

export interface ActiveEnvironment {
  connectionId: string;
  connectionName: string;
  /** Id of the environment's tree node, to find it again. */
  nodeId: string;
  env: string;
  label: string;
}

const key = 'wxcloud.activeEnvironment';

/** The environment the palette commands default to, shown in the status bar; remembered per workspace. */
export class ActiveEnvironmentStore {
  private readonly changed = new vscode.EventEmitter<ActiveEnvironment | undefined>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {}

  get(): ActiveEnvironment | undefined {
    return this.memento.get<ActiveEnvironment>(key);
  }

  async set(value: ActiveEnvironment | undefined): Promise<void> {
    await this.memento.update(key, value);
    this.changed.fire(value);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
