import * as vscode from 'vscode';
import { pick } from '../editor/prompts';
import { UserFacingError } from '../editor/reportError';
import { environmentOfNode } from '../tree/navigation';
import { parseQueryUri, type QueryFile } from '../cloudDatabase/queries/queryFiles';
import type { CommandContext } from './commandContext';

/** A query file: the one passed, or picked from every saved query (of the row's environment from the tree). */
export async function chooseQueryFile(ctx: CommandContext, arg: unknown, title: string): Promise<QueryFile> {
  if (arg instanceof vscode.Uri) {
    const file = parseQueryUri(arg);
    if (file) return file;
  }
  const env = environmentOfNode(arg)?.env;
  const files = (await ctx.queries.files.list()).filter((f) => env === undefined || f.env === env);
  if (files.length === 0) throw new UserFacingError(env ? vscode.l10n.t('Environment {0} has no query files yet: use New Query….', env) : vscode.l10n.t('No query files yet: use New Query….'));
  const choice = await pick(
    files.map((file) => ({ label: file.name, description: file.env, file })),
    { title, placeHolder: vscode.l10n.t('Choose a query file'), matchOnDescription: true },
  );
  return choice.file;
}

/** Opens a saved query: `.wxcloud/queries/<env>/<name>.js`. */
export async function openQuery(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const file = await chooseQueryFile(ctx, arg, vscode.l10n.t('Open Query'));
  await vscode.window.showTextDocument(file.uri, { preview: false });
  return file.uri;
}
