import * as vscode from 'vscode';
import type { ConnectionInfo } from '../editor/connections/model';
import type { ExplorerContext } from './explorerContext';
import type { ExplorerNode } from './explorerNode';
import { LoadingNode } from './loadingNode';
import { MessageNode } from './messageNode';
import { contextValue } from './contextValue';
import { errorRows } from './errorRows';
import { environmentRows } from './environmentRows';
import { PlatformEnvironmentsNode } from './platformEnvironmentsNode';
import { AuthorizersNode } from './authorizersNode';
import { tooltipTable } from './markdown';
import { kindName } from '../editor/tokenKindLabel';

const icons: Record<ConnectionInfo['kind'], string> = {
  miniProgram: 'device-mobile',
  platform: 'organization',
  token: 'key',
  emulator: 'server-environment',
};

/** A connection: a platform's two groups, or a mini program's environments. */
export class ConnectionNode extends LoadingNode {
  constructor(
    ctx: ExplorerContext,
    readonly info: ConnectionInfo,
    readonly expired: boolean,
  ) {
    super(ctx, undefined, `conn:${info.id}`, info.name, vscode.TreeItemCollapsibleState.Expanded);
    this.iconPath = new vscode.ThemeIcon(icons[info.kind]);
    // The emulator's name already says what it is; where it listens is the useful part.
    this.description = expired ? vscode.l10n.t('token expired') : info.kind === 'emulator' ? this.emulatorText() : this.kindText();
    this.tooltip = tooltipTable(info.name, [
      [vscode.l10n.t('Kind'), this.kindText()],
      [vscode.l10n.t('AppID'), info.appid],
      [vscode.l10n.t('Component AppID'), info.componentAppid],
      [vscode.l10n.t('API'), info.baseUrl],
    ]);
    const isMiniProgram = info.kind === 'miniProgram' || info.kind === 'token';
    this.contextValue = contextValue('connection', 'refreshable', isMiniProgram && 'canAddEnv', (info.kind === 'token' || (info.kind === 'platform' && !info.tokenCommand)) && 'replaceableToken');
  }

  /** Where the emulator listens and which code it runs. */
  private emulatorText(): string {
    const host = new URL(this.info.baseUrl).host;
    const mode = this.info.emulatorCodeMode;
    if (mode === 'deployed') return vscode.l10n.t('{0} · runs deployed code', host);
    if (mode === 'live') return vscode.l10n.t('{0} · runs workspace code (live)', host);
    return host;
  }

  private kindText(): string {
    switch (this.info.kind) {
      case 'miniProgram':
        return vscode.l10n.t('Mini program {0}', this.info.appid ?? '');
      case 'platform':
        return vscode.l10n.t('Third-party platform {0}', this.info.componentAppid ?? '');
      case 'emulator':
        return vscode.l10n.t('Local emulator');
      case 'token':
        return vscode.l10n.t('Pasted {0}', kindName(this.info.tokenKind ?? 'mp'));
    }
  }

  protected async load(signal: AbortSignal, fresh: boolean): Promise<ExplorerNode[]> {
    if (this.expired) {
      return [
        MessageNode.capability(this, vscode.l10n.t('The pasted token has expired — Replace…'), {
          command: 'wxcloud.replaceToken',
          title: vscode.l10n.t('Replace Token…'),
          arguments: [this],
        }),
      ];
    }
    const session = await this.ctx.sessions.get(this.info);
    if (this.info.kind === 'platform' || this.info.kind === 'emulator') {
      return [new PlatformEnvironmentsNode(this, session.platform()), new AuthorizersNode(this, session)];
    }
    return environmentRows(this, session.self(), signal, fresh);
  }

  protected errorRows(error: unknown): ExplorerNode[] {
    return errorRows(this, error, { failed: (reason) => vscode.l10n.t('Could not connect: {0}', reason) });
  }
}
