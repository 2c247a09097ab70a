import * as vscode from 'vscode';
import type { AuthorizerInfo } from '../core/types';
import type { ConnectionSession } from '../editor/connections/connectionSession';
import type { ExplorerNode } from './explorerNode';
import { LoadingNode } from './loadingNode';
import { MessageNode } from './messageNode';
import { contextValue } from './contextValue';
import { errorRows } from './errorRows';
import { environmentRows } from './environmentRows';
import { tooltipTable } from './markdown';

/** One authorized mini program: its environments, through an authorizer token minted on demand. */
export class AuthorizerNode extends LoadingNode {
  constructor(
    parent: ExplorerNode,
    readonly session: ConnectionSession,
    readonly authorizer: AuthorizerInfo,
  ) {
    super(parent.ctx, parent, `authorizer:${authorizer.appid}`, authorizer.appid, vscode.TreeItemCollapsibleState.Collapsed);
    this.iconPath = new vscode.ThemeIcon('device-mobile');
    const authorized = authorizer.authTime ? new Date(authorizer.authTime * 1000).toLocaleString(vscode.env.language) : undefined;
    this.description = authorizer.refreshToken ? undefined : vscode.l10n.t('refresh token missing');
    this.tooltip = tooltipTable(authorizer.appid, [[vscode.l10n.t('Authorized'), authorized]]);
    this.contextValue = contextValue('authorizer', 'refreshable');
  }

  protected async load(signal: AbortSignal, fresh: boolean): Promise<ExplorerNode[]> {
    if (!this.authorizer.refreshToken) {
      return [
        MessageNode.capability(this, vscode.l10n.t('This mini program needs its authorizer refresh token — Set…'), {
          command: 'wxcloud.setRefreshToken',
          title: vscode.l10n.t('Set Authorizer Refresh Token…'),
          arguments: [this],
        }),
      ];
    }
    return environmentRows(this, this.session.authorizer(this.authorizer.appid), signal, fresh);
  }

  protected errorRows(error: unknown): ExplorerNode[] {
    return errorRows(this, error, { failed: (reason) => vscode.l10n.t('Could not load environments: {0}', reason) });
  }
}
