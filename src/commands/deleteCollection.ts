import * as vscode from 'vscode';
import { countQuery } from '../core/database/queryText';
import { ask } from '../editor/prompts';
import type { CommandContext } from './commandContext';

/** Deletes a collection and its documents once the user has typed its name. */
export async function deleteCollection(ctx: CommandContext, node?: unknown): Promise<void> {
  const target = await ctx.targets.collectionFrom(node, vscode.l10n.t('Delete Collection'));
  const { count } = await target.database.count(countQuery(target.collection));
  await ask({
    title: vscode.l10n.t('Delete Collection {0} from {1}', target.collection, target.env),
    prompt: vscode.l10n.t('This deletes the collection and its {0} documents, and cannot be undone. Type {1} to confirm.', count, target.collection),
    validateInput: (v) => (v.trim() === target.collection ? undefined : vscode.l10n.t('Type {0} exactly.', target.collection)),
  });
  await target.database.deleteCollection(target.collection);
  await ctx.databaseRows.reloadScope(target.scope, target.env);
  void vscode.window.showInformationMessage(vscode.l10n.t('Deleted collection {0} from {1}.', target.collection, target.env));
}
