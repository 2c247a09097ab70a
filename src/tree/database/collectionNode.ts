import * as vscode from 'vscode';
import type { CollectionInfo } from '../../core/database/cloudDatabase';
import { getQuery } from '../../core/database/queryText';
import type { CloudDocument } from '../../core/database/wireDocuments';
import type { ExplorerNode } from '../explorerNode';
import { LoadingNode } from '../loadingNode';
import { MessageNode } from '../messageNode';
import { contextValue } from '../contextValue';
import { errorRows } from '../errorRows';
import { tooltipTable } from '../markdown';
import type { DatabaseNode } from './databaseNode';
import { DocumentNode } from './documentNode';

/**
 * A collection's documents, a page at a time ("Load more" fetches the next), ordered by `_id`
 * so pages never overlap; with a filter, only the documents its `where` matches.
 */
export class CollectionNode extends LoadingNode {
  private loaded: CloudDocument[] = [];
  private total = 0;

  constructor(
    readonly databaseNode: DatabaseNode,
    readonly info: CollectionInfo,
  ) {
    super(databaseNode.ctx, databaseNode, `collection:${info.name}`, info.name, vscode.TreeItemCollapsibleState.Collapsed);
    this.iconPath = new vscode.ThemeIcon('folder-library');
    this.tooltip = tooltipTable(info.name, [
      [vscode.l10n.t('Documents'), String(info.count)],
      [vscode.l10n.t('Size'), formatBytes(info.size)],
      [vscode.l10n.t('Indexes'), String(info.indexCount)],
    ]);
    this.describe();
  }

  get name(): string {
    return this.info.name;
  }

  get env(): string {
    return this.databaseNode.database.env;
  }

  /** The `where` of Filter Documents…, in the query language; undefined shows every document. */
  get filter(): string | undefined {
    return this.ctx.documentFilters.get(this.id);
  }

  private describe(): void {
    const filter = this.filter;
    this.description = filter !== undefined ? vscode.l10n.t('filter: {0}', filter) : `${this.info.count} · ${formatBytes(this.info.size)}`;
    this.contextValue = contextValue('collection', 'refreshable', filter !== undefined && 'docsFiltered');
  }

  private page(offset: number, signal?: AbortSignal) {
    const limit = this.ctx.sessions.documentPageSize();
    return this.databaseNode.database.query(getQuery({ collection: this.name, where: this.filter, orderBy: [{ field: '_id', direction: 'asc' }], skip: offset, limit }), { signal });
  }

  protected async load(signal: AbortSignal): Promise<ExplorerNode[]> {
    this.describe();
    const page = await this.page(0, signal);
    this.loaded = page.documents;
    this.total = page.total;
    return this.rows();
  }

  /** Appends the next page; the "Load more" row is replaced by the new documents. */
  async loadMore(signal?: AbortSignal): Promise<void> {
    const page = await this.page(this.loaded.length, signal);
    const known = new Set(this.loaded.map((d) => d.id));
    this.loaded = [...this.loaded, ...page.documents.filter((d) => d.id === '' || !known.has(d.id))];
    this.total = page.total;
    this.setChildren(this.rows());
  }

  private rows(): ExplorerNode[] {
    if (this.loaded.length === 0) {
      return [MessageNode.empty(this, this.filter !== undefined ? vscode.l10n.t('No document matches the filter') : vscode.l10n.t('No documents in this collection'))];
    }
    const rows: ExplorerNode[] = this.loaded.map((d, i) => new DocumentNode(this, d, i));
    if (this.loaded.length < this.total) rows.push(MessageNode.loadMore(this, this.loaded.length, this.total));
    return rows;
  }

  protected errorRows(error: unknown): ExplorerNode[] {
    return errorRows(this, error, { failed: (reason) => vscode.l10n.t('Could not load documents: {0}', reason) });
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
