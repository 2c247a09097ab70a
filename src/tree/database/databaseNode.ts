import * as vscode from 'vscode';
import { CloudDatabase } from '../../core/database/cloudDatabase';
import { TokenKindError } from '../../core/errors';
import { kindLabel } from '../../editor/tokenKindLabel';
import type { EnvironmentNode } from '../environmentNode';
import type { ExplorerNode } from '../explorerNode';
import { LoadingNode } from '../loadingNode';
import { MessageNode } from '../messageNode';
import { contextValue } from '../contextValue';
import { errorRows } from '../errorRows';
import { CollectionNode } from './collectionNode';

/** The key of `ExplorerContext.databaseRowIds`. */
export function databaseAddress(connectionId: string, scopeKey: string, env: string): string {
  return `${connectionId}\n${scopeKey}\n${env}`;
}

/** "Database" of one environment: its collections, each with its document count and size. */
export class DatabaseNode extends LoadingNode {
  readonly database: CloudDatabase;

  constructor(readonly environment: EnvironmentNode) {
    super(environment.ctx, environment, 'database', vscode.l10n.t('Database'), vscode.TreeItemCollapsibleState.Collapsed);
    this.database = new CloudDatabase(environment.scope.client, environment.env.env);
    this.iconPath = new vscode.ThemeIcon('database');
    this.contextValue = contextValue('database', 'refreshable');
    const scope = environment.scope;
    this.ctx.databaseRowIds.set(databaseAddress(scope.connection.id, scope.key, environment.env.env), this.id);
  }

  protected async load(signal: AbortSignal, fresh: boolean): Promise<ExplorerNode[]> {
    const collections = await this.database.listAllCollections({ signal, fresh });
    this.description = String(collections.length);
    if (collections.length === 0) return [MessageNode.empty(this, vscode.l10n.t('No collections — Create Collection…'))];
    return collections.sort((a, b) => a.name.localeCompare(b.name)).map((c) => new CollectionNode(this, c));
  }

  protected errorRows(error: unknown): ExplorerNode[] {
    this.description = undefined;
    if (error instanceof TokenKindError) {
      return errorRows(this, error, { failed: (reason) => reason, needs: (kind) => vscode.l10n.t('The database needs {0} — Add…', kindLabel(kind)) });
    }
    return errorRows(this, error, { failed: (reason) => vscode.l10n.t('Could not load collections: {0}', reason) });
  }
}
