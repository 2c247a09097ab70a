import * as vscode from 'vscode';
import { CloudDatabase } from '../core/database/cloudDatabase';
import { removeDocQuery } from '../core/database/queryText';
import { documentFrom } from '../cloudDatabase/documentTarget';
import { confirm } from '../editor/prompts';
import { UserFacingError } from '../editor/reportError';
import type { CommandContext } from './commandContext';

/** Deletes one document after a modal confirmation naming it. */
export async function deleteDocument(ctx: CommandContext, arg?: unknown): Promise<number> {
  const key = await documentFrom(ctx.targets, arg, vscode.l10n.t('Delete Document'), ctx.sessions.documentPageSize());
  const scope = await ctx.documents.scopes.get(key);
  if (!scope) throw new UserFacingError(vscode.l10n.t('The connection this document was opened through is gone. Reopen it from the WeChat Cloud view.'));
  await confirm(vscode.l10n.t('Delete document {0} from collection {1} in environment {2}?', key.id, key.collection, key.env), {
    detail: vscode.l10n.t('This cannot be undone.'),
    action: vscode.l10n.t('Delete'),
  });
  const answer = await new CloudDatabase(scope.client, key.env).remove(removeDocQuery(key.collection, key.id));
  await ctx.databaseRows.reload(key);
  if (answer.deleted === 0) void vscode.window.showWarningMessage(vscode.l10n.t('Document {0} was no longer in {1}; nothing was deleted.', key.id, key.collection));
  return answer.deleted;
}
