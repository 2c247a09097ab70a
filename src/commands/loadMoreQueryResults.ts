import * as vscode from 'vscode';
import { UserFacingError } from '../editor/reportError';
import type { CommandContext } from './commandContext';

/** Reads the next page of a query result (its `skip` advanced past what is shown) into the same document. */
export async function loadMoreQueryResults(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const record = uri && ctx.queries.results.record(uri);
  if (!record) throw new UserFacingError(vscode.l10n.t('Open a query result first.'));
  return (await ctx.queries.runner.loadMore(record)).uri;
}
