import * as vscode from 'vscode';
import { isSingleObjectText, whereFromJson } from '../core/database/queryText';
import { ask } from '../editor/prompts';
import { UserFacingError } from '../editor/reportError';
import { CollectionNode } from '../tree/database/collectionNode';
import type { CommandContext } from './commandContext';

/** Shows only the documents a `where` matches (JSON, or an object of the query language) under a collection row. */
export async function filterDocuments(ctx: CommandContext, node?: unknown): Promise<void> {
  const collection = collectionNodeOf(node);
  const text = await ask({
    title: vscode.l10n.t('Filter Documents of {0}', collection.name),
    prompt: vscode.l10n.t('A where object: JSON such as {"done": false}, or the query language such as {priority: _.gte(2)}. Empty shows every document.'),
    value: collection.filter ?? '',
    validateInput: (value) => (value.trim() === '' || whereText(value) !== undefined ? undefined : vscode.l10n.t('Enter one object in braces, such as {"done": false}.')),
  });
  await applyFilter(ctx, collection, text === '' ? undefined : whereText(text));
}

export async function clearDocumentFilter(ctx: CommandContext, node?: unknown): Promise<void> {
  await applyFilter(ctx, collectionNodeOf(node), undefined);
}

/** JSON becomes a literal of the language; anything else must be one object of it. */
function whereText(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return whereFromJson(value as Record<string, unknown>);
    return undefined;
  } catch {
    return isSingleObjectText(text) ? text.trim() : undefined;
  }
}

function collectionNodeOf(node: unknown): CollectionNode {
  if (node instanceof CollectionNode) return node;
  throw new UserFacingError(vscode.l10n.t('Choose “Filter Documents…” on a collection row under Database.'));
}

async function applyFilter(ctx: CommandContext, node: CollectionNode, where: string | undefined): Promise<void> {
  if (where === undefined) ctx.explorer.documentFilters.delete(node.id);
  else ctx.explorer.documentFilters.set(node.id, where);
  ctx.explorer.refresh(node);
  try {
    await ctx.treeView.reveal(node, { expand: true });
  } catch (error) {
    // The view may be hidden; the filter still applies when it is shown.
    ctx.log.info(`filter: the collection row could not be revealed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
