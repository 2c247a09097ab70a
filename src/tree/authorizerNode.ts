import * as vscode from 'vscode';
import { describeError } from '../core/errors';
import type { AuthorizerInfo } from '../core/types';
import type { NameResult } from '../editor/connections/authorizerNames';
import type { ConnectionSession } from '../editor/connections/connectionSession';
import type { ExplorerNode } from './explorerNode';
import { LoadingNode } from './loadingNode';
import { MessageNode } from './messageNode';
import { contextValue } from './contextValue';
import { errorRows } from './errorRows';
import { environmentRows } from './environmentRows';
import { tooltipTable } from './markdown';

/**
 * One authorized mini program: its name once read (the AppID until then, and when the name
 * cannot be read), its environments through an authorizer token minted on demand.
 */
export class AuthorizerNode extends LoadingNode {
  /** The name's read, once it ended; undefined while it is still to come. */
  private name?: NameResult;

  constructor(
    parent: ExplorerNode,
    readonly session: ConnectionSession,
    readonly authorizer: AuthorizerInfo,
  ) {
    super(parent.ctx, parent, `authorizer:${authorizer.appid}`, authorizer.appid, vscode.TreeItemCollapsibleState.Collapsed);
    this.iconPath = new vscode.ThemeIcon('device-mobile');
    this.contextValue = contextValue('authorizer', 'refreshable');
    this.showName(session.names.lastKnown(authorizer.appid));
  }

  get appid(): string {
    return this.authorizer.appid;
  }

  /** The mini program's name when it is known. */
  get nickName(): string | undefined {
    return this.name?.profile?.nickName || undefined;
  }

  get principalName(): string | undefined {
    return this.name?.profile?.principalName || undefined;
  }

  /** Shows what is known of the name: the label, the description and the tooltip follow it. */
  showName(result: NameResult | undefined): void {
    this.name = result;
    const { appid, refreshToken, authTime } = this.authorizer;
    const nickName = this.nickName;
    const noToken = refreshToken ? undefined : vscode.l10n.t('refresh token missing');
    this.label = nickName ?? appid;
    const authorized = authTime ? new Date(authTime * 1000).toLocaleString(vscode.env.language) : undefined;
    const rows: Array<[string, string | undefined]> = [
      [vscode.l10n.t('AppID'), appid],
      [vscode.l10n.t('Principal'), this.principalName],
      [vscode.l10n.t('Authorized'), authorized],
    ];
    if (result?.error !== undefined) {
      this.description = [vscode.l10n.t('name unavailable'), noToken].filter(Boolean).join(' · ');
      this.tooltip = tooltipTable(appid, rows, vscode.l10n.t('Could not read the name: {0}', describeError(result.error, vscode.l10n.t)));
      return;
    }
    this.description = [nickName ? appid : undefined, noToken].filter(Boolean).join(' · ') || undefined;
    this.tooltip = tooltipTable(nickName ?? appid, rows);
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
