import * as vscode from 'vscode';
import type { ActiveEnvironmentStore } from './activeEnvironment';

/** Shows the active connection and environment; clicking it switches. Hidden until there is a connection. */
export class EnvironmentStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('wxcloud.environment', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly active: ActiveEnvironmentStore,
    private readonly hasConnections: () => boolean,
  ) {
    this.item.name = vscode.l10n.t('WeChat Cloud Environment');
    this.item.command = 'wxcloud.selectEnvironment';
    this.subscription = active.onDidChange(() => this.render());
    this.render();
  }

  render(): void {
    const current = this.active.get();
    this.item.text = current ? `$(cloud) ${current.label}` : `$(cloud) ${vscode.l10n.t('WeChat Cloud')}`;
    this.item.tooltip = current
      ? vscode.l10n.t('{0} · {1} — click to switch environment', current.connectionName, current.env)
      : vscode.l10n.t('Select a WeChat Cloud environment');
    if (this.hasConnections() || current) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
