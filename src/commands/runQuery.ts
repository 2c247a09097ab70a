import * as vscode from 'vscode';
import { UserFacingError } from '../editor/reportError';
import { parseQueryUri } from '../cloudDatabase/queries/queryFiles';
import { QUERY_RESULT_SCHEME } from '../cloudDatabase/queries/queryResult';
import type { QueryAnswer } from '../cloudDatabase/queries/queryRunner';
import { chooseQueryFile } from './openQuery';
import type { CommandContext } from './commandContext';

/**
 * Runs a query file (the one passed, the active editor's, or a picked one) and opens its
 * result; from a result, runs that query again.
 */
export async function runQuery(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const uri = arg instanceof vscode.Uri ? arg : arg === undefined && active && (parseQueryUri(active) || active.scheme === QUERY_RESULT_SCHEME) ? active : undefined;
  if (uri?.scheme === QUERY_RESULT_SCHEME) {
    const record = ctx.queries.results.record(uri);
    if (!record) throw new UserFacingError(vscode.l10n.t('This result is no longer available: it has left the query history.'));
    return shown(ctx, await ctx.queries.runner.rerun(record));
  }
  const file = await chooseQueryFile(ctx, uri ?? arg, vscode.l10n.t('Run Query'));
  return shown(ctx, await ctx.queries.runner.runFile(file.uri));
}

const WRITES: ReadonlySet<string> = new Set(['add', 'update', 'set', 'remove']);

/** A write changed counts and documents: the environment's Database row loads again. */
async function shown(ctx: CommandContext, answer: QueryAnswer): Promise<vscode.Uri> {
  if (WRITES.has(answer.record.action) && answer.record.outcome.kind === 'ok') await ctx.databaseRows.reload(answer.record);
  return answer.uri;
}
