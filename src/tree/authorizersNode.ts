import * as vscode from 'vscode';
import type { ConnectionSession } from '../editor/connections/connectionSession';
import type { ExplorerNode } from './explorerNode';
import { LoadingNode } from './loadingNode';
import { MessageNode } from './messageNode';
import { contextValue } from './contextValue';
import { errorRows } from './errorRows';
import { AuthorizerNode } from './authorizerNode';

/** How long names that arrive together wait to be drawn in one change. */
const REDRAW_BATCH_MS = 15;

/**
 * "Authorized mini programs" of a platform (`api_get_authorizer_list`, every page). The list
 * shows at once with AppIDs; the names follow, read in row order a few at a time, each row
 * redrawn (in batches) when its own arrives, without loading the list again.
 */
export class AuthorizersNode extends LoadingNode {
  private rows: AuthorizerNode[] = [];
  private names: Promise<void> = Promise.resolve();
  private readonly toRedraw = new Set<AuthorizerNode>();
  private redrawTimer?: ReturnType<typeof setTimeout>;

  constructor(
    parent: ExplorerNode,
    readonly session: ConnectionSession,
  ) {
    super(parent.ctx, parent, 'authorizers', vscode.l10n.t('Authorized mini programs'), vscode.TreeItemCollapsibleState.Expanded);
    this.iconPath = new vscode.ThemeIcon('device-mobile');
    this.contextValue = contextValue('authorizers', 'refreshable');
  }

  protected async load(signal: AbortSignal, fresh: boolean): Promise<ExplorerNode[]> {
    if (fresh) this.session.names.clear();
    const authorizers = await this.session.listAuthorizers({ signal, fresh });
    this.description = String(authorizers.length);
    if (authorizers.length === 0) {
      this.rows = [];
      return [MessageNode.empty(this, vscode.l10n.t('No authorized mini programs'))];
    }
    const rows = authorizers.map((a) => new AuthorizerNode(this, this.session, a));
    this.rows = rows;
    this.names = this.readNames(rows);
    return rows;
  }

  /** The rows of the latest list (empty before it loaded or when it failed). */
  get authorizers(): readonly AuthorizerNode[] {
    return this.rows;
  }

  /** Resolves once every row of the latest list has its name, or knows why it has none. */
  namesRead(): Promise<void> {
    return this.names;
  }

  private async readNames(rows: AuthorizerNode[]): Promise<void> {
    const names = this.session.names;
    await Promise.all(
      rows.map(async (row) => {
        if (names.peek(row.appid)) return;
        const result = await names.get(row.appid);
        // A refresh replaced these rows (or forgot the names): the new list reads its own.
        if (this.rows !== rows || names.peek(row.appid) !== result) return;
        if (result.error !== undefined) this.ctx.log.warn(`name of ${row.appid}: ${result.error instanceof Error ? result.error.message : String(result.error)}`);
        row.showName(result);
        this.redraw(row);
      }),
    );
    // The last names are drawn now rather than after the batch's wait.
    this.flushRedraws();
  }

  private redraw(row: AuthorizerNode): void {
    this.toRedraw.add(row);
    this.redrawTimer ??= setTimeout(() => this.flushRedraws(), REDRAW_BATCH_MS);
  }

  private flushRedraws(): void {
    clearTimeout(this.redrawTimer);
    this.redrawTimer = undefined;
    if (this.toRedraw.size === 0) return;
    const rows = [...this.toRedraw];
    this.toRedraw.clear();
    this.ctx.changed(rows);
  }

  protected errorRows(error: unknown): ExplorerNode[] {
    this.rows = [];
    return errorRows(this, error, { failed: (reason) => vscode.l10n.t('Could not load authorized mini programs: {0}', reason) });
  }
}
