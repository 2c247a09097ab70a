import * as vscode from 'vscode';
import { parseDocumentsText } from '../core/database/documentsText';
import { addQuery } from '../core/database/queryText';
import { describeError } from '../core/errors';
import { confirm } from '../editor/prompts';
import { UserFacingError } from '../editor/reportError';
import type { CommandContext } from './commandContext';

/** Documents sent per `add`; a query is at most 512 KB on the wire. */
const BATCH = 100;

/** Inserts the documents of the active editor (a JSON object, an array, or JSON Lines) into a collection. */
export async function insertDocuments(ctx: CommandContext, arg?: unknown): Promise<string[]> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new UserFacingError(vscode.l10n.t('Open a JSON or JSON Lines file with the documents to insert, then run Insert Documents… again.'));
  const parsed = parseDocumentsText(editor.document.getText());
  if (!parsed.ok) {
    const at = new vscode.Position(parsed.line - 1, Math.max(0, parsed.column - 1));
    editor.selection = new vscode.Selection(at, at);
    editor.revealRange(new vscode.Range(at, at));
    throw new UserFacingError(vscode.l10n.t('Nothing was inserted: {0} is not a JSON document, an array of them or JSON Lines (line {1}, column {2}: {3}).', vscode.workspace.asRelativePath(editor.document.uri), parsed.line, parsed.column, parsed.message));
  }
  const target = await ctx.targets.collectionFrom(arg, vscode.l10n.t('Insert Documents'));
  const { documents } = parsed;
  await confirm(vscode.l10n.t('Insert {0} documents into collection {1} in environment {2}?', documents.length, target.collection, target.env), {
    detail: vscode.l10n.t('From {0}.', vscode.workspace.asRelativePath(editor.document.uri)),
    action: vscode.l10n.t('Insert'),
  });
  const ids: string[] = [];
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Inserting into {0}', target.collection), cancellable: true }, async (progress, token) => {
      for (let i = 0; i < documents.length; i += BATCH) {
        if (token.isCancellationRequested) break;
        const batch = documents.slice(i, i + BATCH);
        ids.push(...(await target.database.add(addQuery(target.collection, batch))).ids);
        progress.report({ message: vscode.l10n.t('{0} of {1}', ids.length, documents.length), increment: (100 * batch.length) / documents.length });
      }
    });
  } catch (error) {
    if (ids.length > 0) ctx.log.warn(`insert: ${ids.length} of ${documents.length} documents were inserted before the failure`);
    throw ids.length > 0 ? new UserFacingError(vscode.l10n.t('{0} of {1} documents were inserted, then: {2}', ids.length, documents.length, describeError(error, vscode.l10n.t))) : error;
  } finally {
    await ctx.databaseRows.reloadScope(target.scope, target.env);
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('Inserted {0} of {1} documents into {2}.', ids.length, documents.length, target.collection));
  return ids;
}
