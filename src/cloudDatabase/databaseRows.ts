import * as vscode from 'vscode';
import type { DatabaseDocumentKey } from '../documents/databaseDocument';
import type { ScopeAddress } from '../documents/scopeRegistry';
import type { CloudScope } from '../editor/connections/scope';
import type { ExplorerProvider } from '../tree/explorerProvider';
import type { TreeNavigator } from '../tree/navigation';
import { DatabaseNode, databaseAddress } from '../tree/database/databaseNode';

/**
 * Loads an environment's Database row again after something changed its data (a saved
 * document, an insert, a query that wrote, a deleted collection): counts, sizes and
 * documents. The tree notes each Database row's id as it makes it; ids survive refreshes,
 * and the row is found again through the tree itself.
 */
export class DatabaseRows implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly explorer: ExplorerProvider,
    private readonly navigator: TreeNavigator,
    written: vscode.Event<DatabaseDocumentKey>,
  ) {
    this.subscriptions.push(written((key) => void this.reload(key)));
  }

  /** Loads the environment's Database row again, when the tree shows one. */
  async reload(address: Pick<ScopeAddress, 'connectionId' | 'scopeKey' | 'env'>): Promise<void> {
    const id = this.explorer.databaseRowIds.get(databaseAddress(address.connectionId, address.scopeKey, address.env));
    const node = id ? await this.navigator.nodeById(id) : undefined;
    if (node instanceof DatabaseNode) this.explorer.refresh(node);
  }

  reloadScope(scope: CloudScope, env: string): Promise<void> {
    return this.reload({ connectionId: scope.connection.id, scopeKey: scope.key, env });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
