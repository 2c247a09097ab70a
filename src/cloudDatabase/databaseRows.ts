import * as vscode from 'vscode';
import type { DatabaseDocumentKey } from '../documents/databaseDocument';
import type { ScopeAddress } from '../documents/scopeRegistry';
import type { CloudScope } from '../editor/connections/scope';
import type { ExplorerProvider } from '../tree/explorerProvider';
import type { TreeNavigator } from '../tree/navigation';
import { databaseNodeOf } from '../tree/database/collectionTarget';

const addressKey = (a: Pick<ScopeAddress, 'connectionId' | 'scopeKey' | 'env'>): string => `${a.connectionId}\n${a.scopeKey}\n${a.env}`;

/**
 * Which Database row shows an environment, so what changes its data (a saved document, an
 * insert, a deleted collection) loads that row again: counts, sizes and documents. Rows are
 * remembered by id, which survives refreshes, and found again through the tree itself.
 */
export class DatabaseRows implements vscode.Disposable {
  private readonly ids = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly explorer: ExplorerProvider,
    private readonly navigator: TreeNavigator,
    written: vscode.Event<DatabaseDocumentKey>,
  ) {
    this.subscriptions.push(written((key) => void this.reload(key)));
  }

  /** Notes the Database row a command was given, if it was given a row. */
  remember(node: unknown): void {
    const database = databaseNodeOf(node);
    if (!database) return;
    const scope = database.environment.scope;
    this.ids.set(addressKey({ connectionId: scope.connection.id, scopeKey: scope.key, env: database.database.env }), database.id);
  }

  /** Loads the environment's Database row again, when the tree shows one. */
  async reload(address: Pick<ScopeAddress, 'connectionId' | 'scopeKey' | 'env'>): Promise<void> {
    const id = this.ids.get(addressKey(address));
    const node = id ? await this.navigator.nodeById(id) : undefined;
    if (node && databaseNodeOf(node) === node) this.explorer.refresh(node);
  }

  reloadScope(scope: CloudScope, env: string): Promise<void> {
    return this.reload({ connectionId: scope.connection.id, scopeKey: scope.key, env });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
