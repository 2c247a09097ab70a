import * as vscode from 'vscode';
import type { CloudDocument } from '../../core/database/wireDocuments';
import { ExplorerNode } from '../explorerNode';
import { contextValue } from '../contextValue';
import type { CollectionNode } from './collectionNode';

const PREVIEW_CHARS = 80;

/** One document: its `_id` and a short preview of its fields; opens as JSON. */
export class DocumentNode extends ExplorerNode {
  constructor(
    readonly collection: CollectionNode,
    readonly document: CloudDocument,
    index: number,
  ) {
    // A document without an `_id` (only a malformed answer has one) is still a row, by position.
    super(collection.ctx, collection, document.id ? `doc:${document.id}` : `doc#${index}`, document.id || vscode.l10n.t('(no _id)'));
    this.description = preview(document.value);
    this.iconPath = new vscode.ThemeIcon('json');
    this.tooltip = new vscode.MarkdownString().appendCodeblock(truncate(JSON.stringify(document.value, null, 2), 2000), 'json');
    this.contextValue = contextValue('document', document.id !== '' && 'editable');
    this.command = { command: 'wxcloud.openDocument', title: vscode.l10n.t('Open Document'), arguments: [this] };
  }
}

/** `title: "Buy tea", done: false, …` — the fields after `_id`, cut to one short line. */
export function preview(value: CloudDocument['value']): string {
  if (typeof value === 'string') return truncate(value, PREVIEW_CHARS);
  const parts = Object.entries(value)
    .filter(([k]) => k !== '_id')
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return truncate(parts.join(', '), PREVIEW_CHARS);
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
