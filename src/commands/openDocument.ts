import * as vscode from 'vscode';
import { toUri, type DocumentMode } from '../documents/databaseDocument';
import { documentFrom } from '../cloudDatabase/documentTarget';
import type { CommandContext } from './commandContext';

/** Shows a database document as JSON, read-only. */
export function openDocument(ctx: CommandContext, arg?: unknown): Promise<vscode.TextDocument> {
  return open(ctx, arg, 'view', vscode.l10n.t('Open Document'));
}

/** Opens a database document for editing: saving shows the diff, asks, and writes it. */
export function editDocument(ctx: CommandContext, arg?: unknown): Promise<vscode.TextDocument> {
  return open(ctx, arg, 'edit', vscode.l10n.t('Edit Document'));
}

async function open(ctx: CommandContext, arg: unknown, mode: DocumentMode, title: string): Promise<vscode.TextDocument> {
  const key = await documentFrom(ctx.targets, arg, title, ctx.sessions.documentPageSize());
  const uri = toUri(key, mode);
  // Reading it is the first network call: its failure (a missing document) is the command's.
  const doc = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Loading document…') }, () => vscode.workspace.openTextDocument(uri));
  const json = doc.languageId === 'json' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(json, { preview: mode === 'view' });
  return json;
}
