import * as vscode from 'vscode';
import { TokenKindError } from '../core/errors';
import type { FunctionInfo, FunctionPage } from '../core/types';
import type { EnvironmentNode } from './environmentNode';
import type { ExplorerNode } from './explorerNode';
import { LoadingNode } from './loadingNode';
import { MessageNode } from './messageNode';
import { contextValue } from './contextValue';
import { errorRows } from './errorRows';
import { FunctionNode } from './functionNode';
import { kindLabel } from '../editor/tokenKindLabel';
import { nameProblemRow } from './nameProblemRow';

/**
 * "Functions" of one environment, paged: the first page arrives with the environment, "Load
 * more" fetches the next, and a filter searches every page by name.
 */
export class FunctionsNode extends LoadingNode {
  private prefetched?: PromiseSettledResult<FunctionPage>;
  private loaded: FunctionInfo[] = [];
  private total = 0;
  /** The filter of the last load: a load with another one comes from changing it, not from a refresh. */
  private lastFilter?: string;

  constructor(
    readonly environment: EnvironmentNode,
    prefetched: PromiseSettledResult<FunctionPage>,
  ) {
    super(environment.ctx, environment, 'functions', vscode.l10n.t('Functions'), vscode.TreeItemCollapsibleState.Expanded);
    this.prefetched = prefetched;
    if (prefetched.status === 'fulfilled') this.total = prefetched.value.totalCount;
    this.iconPath = new vscode.ThemeIcon('symbol-function');
    this.describe();
  }

  get filter(): string | undefined {
    return this.ctx.functionFilters.get(this.id);
  }

  private describe(): void {
    const filter = this.filter;
    const settled = this.prefetched?.status === 'fulfilled' || this.loaded.length > 0 || this.total > 0;
    this.description = filter
      ? vscode.l10n.t('filter: {0}', filter)
      : settled
        ? String(this.total)
        : undefined;
    this.contextValue = contextValue('functions', 'refreshable', filter !== undefined && 'filtered');
  }

  protected async load(signal: AbortSignal, reloading: boolean): Promise<ExplorerNode[]> {
    const { client } = this.environment.scope;
    const env = this.environment.env.env;
    const filter = this.filter;
    // Typing a filter reloads the node too; only a refresh with the same filter must skip the read cache.
    const fresh = reloading && filter === this.lastFilter;
    this.lastFilter = filter;
    if (filter !== undefined) {
      const all = await client.listAllFunctions({ env, signal, fresh });
      this.total = all.totalCount;
      const needle = filter.toLowerCase();
      const matches = all.functions.filter((f) => f.name.toLowerCase().includes(needle));
      this.describe();
      if (matches.length === 0) return [MessageNode.empty(this, vscode.l10n.t('No function name contains “{0}”', filter))];
      return matches.map((f) => new FunctionNode(this, f));
    }
    let page: FunctionPage;
    const prefetched = this.prefetched;
    this.prefetched = undefined;
    try {
      // The first page came with the environment's own load, as fresh as it: never fetch it twice.
      if (prefetched) {
        if (prefetched.status === 'rejected') throw prefetched.reason;
        page = prefetched.value;
      } else {
        page = await client.listFunctions({ env, limit: this.ctx.sessions.pageSize(), offset: 0, signal, fresh });
      }
    } catch (error) {
      if (error instanceof TokenKindError && this.environment.scope.kinds.includes('mp')) return this.workspaceRows(error);
      throw error;
    }
    this.loaded = page.functions;
    this.total = page.totalCount;
    this.describe();
    return this.rows();
  }

  /** Appends the next page; the "Load more" row is replaced by the new functions. */
  async loadMore(signal?: AbortSignal): Promise<void> {
    const page = await this.environment.scope.client.listFunctions({
      env: this.environment.env.env,
      limit: this.ctx.sessions.pageSize(),
      offset: this.loaded.length,
      signal,
    });
    const known = new Set(this.loaded.map((f) => f.name));
    this.loaded = [...this.loaded, ...page.functions.filter((f) => !known.has(f.name))];
    this.total = page.totalCount;
    this.describe();
    this.setChildren(this.rows());
  }

  private rows(): ExplorerNode[] {
    if (this.loaded.length === 0) return [MessageNode.empty(this, vscode.l10n.t('No cloud functions in this environment'))];
    const rows: ExplorerNode[] = this.loaded.map((f) => new FunctionNode(this, f));
    if (this.loaded.length < this.total) rows.push(MessageNode.loadMore(this, this.loaded.length, this.total));
    return rows;
  }

  /**
   * A mini program's own token can invoke but may not list. Its functions are then taken from
   * the workspace's cloud-function folder, under a row that says how to list the real ones.
   */
  private async workspaceRows(error: TokenKindError): Promise<ExplorerNode[]> {
    const names = (await this.ctx.localFunctions.list()).map((f) => f.name);
    this.loaded = [];
    this.total = names.length;
    this.describe();
    const rows = this.errorRows(error);
    for (const problem of await this.ctx.localFunctions.problems()) rows.push(nameProblemRow(this, problem));
    for (const name of names) rows.push(new FunctionNode(this, { name, runtime: '', status: '', addTime: '', modTime: '' }, 'workspace'));
    return rows;
  }

  protected errorRows(error: unknown): ExplorerNode[] {
    this.total = 0;
    this.describe();
    if (error instanceof TokenKindError) {
      return errorRows(this, error, {
        failed: (reason) => reason,
        needs: (kind) => vscode.l10n.t('Listing functions needs {0} — Add…', kindLabel(kind)),
      });
    }
    return errorRows(this, error, { failed: (reason) => vscode.l10n.t('Could not load functions: {0}', reason) });
  }
}
