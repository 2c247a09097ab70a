import * as vscode from 'vscode';
import { ask } from '../editor/prompts';
import { collectionOfNode } from '../tree/database/collectionTarget';
import { invalidQueryName } from '../cloudDatabase/queries/queryFiles';
import type { CommandContext } from './commandContext';

/**
 * Writes a starter query file for an environment (of a collection row, prefilled with it; of
 * the Database row; or the selected or a picked environment), gives the queries folder its
 * completion, and opens the file.
 */
export async function newQuery(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const title = vscode.l10n.t('New Query');
  const fromCollection = collectionOfNode(arg);
  const target = fromCollection ?? (await ctx.targets.environmentFrom(arg, title));
  const env = target.env;
  const name = await ask({
    title,
    prompt: vscode.l10n.t('Name of the query file in {0}', env),
    value: fromCollection?.collection ?? 'query',
    validateInput: invalidQueryName,
  });
  const created = await ctx.queries.files.create(env, name, fromCollection?.collection);
  // Run Query then goes through the connection the query was made from (an authorized mini program's, say).
  await ctx.queries.runner.rememberScope(env, target.scope);
  try {
    await ctx.queries.ensureTypes();
  } catch (error) {
    // Completion is a help; the query runs without it.
    ctx.log.warn(`could not write the query declarations: ${String(error)}`);
  }
  await vscode.window.showTextDocument(created.uri, { preview: false });
  return created.uri;
}
