import * as vscode from 'vscode';
import { countQuery } from '../core/database/queryText';
import type { CommandContext } from './commandContext';

/** Counts a collection's documents, or those its filter matches. */
export async function countDocuments(ctx: CommandContext, node?: unknown): Promise<number> {
  const target = await ctx.targets.collectionFrom(node, vscode.l10n.t('Count Documents'));
  const filter = target.node?.filter;
  const { count } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Counting…') }, () =>
    target.database.count(countQuery(target.collection, filter)),
  );
  void vscode.window.showInformationMessage(
    filter === undefined
      ? vscode.l10n.t('Collection {0} has {1} documents.', target.collection, count)
      : vscode.l10n.t('{0} documents of collection {1} match {2}.', count, target.collection, filter),
  );
  return count;
}
