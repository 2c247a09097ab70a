import * as vscode from 'vscode';
import type { ConnectionSession } from '../editor/connections/connectionSession';
import type { ExplorerNode } from './explorerNode';
import { LoadingNode } from './loadingNode';
import { MessageNode } from './messageNode';
import { contextValue } from './contextValue';
import { errorRows } from './errorRows';
import { AuthorizerNode } from './authorizerNode';

/** "Authorized mini programs" of a platform (`api_get_authorizer_list`, every page). */
export class AuthorizersNode extends LoadingNode {
  constructor(
    parent: ExplorerNode,
    readonly session: ConnectionSession,
  ) {
    super(parent.ctx, parent, 'authorizers', vscode.l10n.t('Authorized mini programs'), vscode.TreeItemCollapsibleState.Expanded);
    this.iconPath = new vscode.ThemeIcon('device-mobile');
    this.contextValue = contextValue('authorizers', 'refreshable');
  }

  protected async load(signal: AbortSignal, fresh: boolean): Promise<ExplorerNode[]> {
    const authorizers = await this.session.listAuthorizers({ signal, fresh });
    this.description = String(authorizers.length);
    if (authorizers.length === 0) return [MessageNode.empty(this, vscode.l10n.t('No authorized mini programs'))];
    return authorizers.map((a) => new AuthorizerNode(this, this.session, a));
  }

  protected errorRows(error: unknown): ExplorerNode[] {
    return errorRows(this, error, { failed: (reason) => vscode.l10n.t('Could not load authorized mini programs: {0}', reason) });
  }
}
