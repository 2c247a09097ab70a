import * as vscode from 'vscode';
import type { ConnectionStore } from '../editor/connections/connectionStore';
import type { ConnectionInfo } from '../editor/connections/model';
import type { SessionManager } from '../editor/connections/sessionManager';
import type { LocalFunctions } from '../editor/localFunctions';
import type { ExplorerContext } from './explorerContext';
import { ExplorerNode } from './explorerNode';
import { LoadingNode } from './loadingNode';
import { ConnectionNode } from './connectionNode';

/** The WeChat Cloud explorer: one root per connection, children loaded by the nodes themselves. */
export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, ExplorerContext, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<ExplorerNode | ExplorerNode[] | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  readonly functionFilters = new Map<string, string>();
  readonly documentFilters = new Map<string, string>();
  readonly databaseRowIds = new Map<string, string>();
  private roots?: Promise<ConnectionNode[]>;
  private freshRoots = false;

  constructor(
    readonly log: vscode.LogOutputChannel,
    private readonly store: ConnectionStore,
    readonly sessions: SessionManager,
    readonly localFunctions: LocalFunctions,
  ) {}

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return node;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  getChildren(node?: ExplorerNode): ExplorerNode[] | Promise<ExplorerNode[]> {
    return node ? node.getChildren() : this.rootNodes();
  }

  changed(node?: ExplorerNode | ExplorerNode[]): void {
    this.changes.fire(node);
  }

  /** A refresh always goes to the server: the node reloads without the client's cache. */
  refresh(node?: ExplorerNode): void {
    if (node) {
      node.invalidate();
      this.changes.fire(node);
      return;
    }
    this.log.info('Refresh: every row is loaded again from the server');
    this.sessions.clearCaches();
    // The new roots, and every row they create, skip the read cache: the clearing above finishes later.
    this.freshRoots = true;
    this.roots = undefined;
    this.changes.fire(undefined);
  }

  /** Connections changed (added, removed, signed out, secrets replaced): rebuild the roots. */
  reloadConnections(): void {
    this.roots = undefined;
    this.changes.fire(undefined);
  }

  /** The children of a node once loaded: for commands that search the tree, and for tests. */
  async settledChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node) return this.rootNodes();
    return node instanceof LoadingNode ? node.settledChildren() : node.getChildren();
  }

  /**
   * One row per connection. The roots never fail as a whole: a connection whose secrets cannot
   * be read shows its own error row with Retry, so no failure is ever kept here.
   */
  rootNodes(): Promise<ConnectionNode[]> {
    if (!this.roots) {
      const fresh = this.freshRoots;
      this.freshRoots = false;
      this.roots = Promise.all(
        this.store.list().map(async (info) => {
          const node = new ConnectionNode(this, info, await this.expired(info));
          if (fresh) node.markFresh();
          return node;
        }),
      );
    }
    return this.roots;
  }

  /** Whether a pasted token is past its expiry. A failed secret read shows later, as the connection's error row with Retry. */
  private async expired(info: ConnectionInfo): Promise<boolean> {
    try {
      return await this.sessions.isExpired(info);
    } catch (error) {
      this.log.warn(`could not read the secrets of ${info.name}: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  dispose(): void {
    this.changes.dispose();
  }
}
