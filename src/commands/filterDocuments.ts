import * as vscode from 'vscode';
import { whereProblem, whereText } from '../cloudDatabase/whereText';
import { ask } from '../editor/prompts';
import { UserFacingError } from '../editor/reportError';
import { CollectionNode } from '../tree/database/collectionNode';
import type { CommandContext } from './commandContext';
import { revealRow } from './revealRow';

/** Shows only the documents a `where` matches (JSON, or an object of the query language) under a collection row. */
export async function filterDocuments(ctx: CommandContext, node?: unknown): Promise<void> {
  const collection = collectionNodeOf(node);
  const text = await ask({
    title: vscode.l10n.t('Filter Documents of {0}', collection.name),
    prompt: vscode.l10n.t('A where object: JSON such as {"done": false}, or the query language such as {priority: _.gte(2)}. Empty shows every document.'),
    value: collection.filter ?? '',
    validateInput: whereProblem,
  });
  if (text === '') return applyFilter(ctx, collection, undefined);
  const checked = await whereText(text);
  if (!checked.ok) throw new UserFacingError(checked.message);
  await applyFilter(ctx, collection, checked.where);
}

export async function clearDocumentFilter(ctx: CommandContext, node?: unknown): Promise<void> {
  await applyFilter(ctx, collectionNodeOf(node), undefined);
}

function collectionNodeOf(node: unknown): CollectionNode {
  if (node instanceof CollectionNode) return node;
  throw new UserFacingError(vscode.l10n.t('Choose “Filter Documents…” on a collection row under Database.'));
}

async function applyFilter(ctx: CommandContext, node: CollectionNode, where: string | undefined): Promise<void> {
  if (where === undefined) ctx.explorer.documentFilters.delete(node.id);
  else ctx.explorer.documentFilters.set(node.id, where);
  ctx.explorer.refresh(node);
  await revealRow(ctx, node, { expand: true }, 'filter: the collection row');
}
