import * as vscode from 'vscode';

/**
 * Opens a read-only virtual document as JSON with comments (its header lines are comments).
 * `beside` keeps the focus in the editor the user was in.
 */
export async function openVirtualDocument(uri: vscode.Uri, options: { beside?: boolean } = {}): Promise<vscode.TextDocument> {
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'jsonc') doc = await vscode.languages.setTextDocumentLanguage(doc, 'jsonc');
  await vscode.window.showTextDocument(doc, {
    viewColumn: options.beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
    preserveFocus: Boolean(options.beside),
    preview: false,
  });
  return doc;
}

/** Opens a document, or asks its provider to load it again when it is already open. */
export async function openOrRefresh(uri: vscode.Uri, provider: { refresh(uri: vscode.Uri): void }): Promise<vscode.TextDocument> {
  const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  if (open) provider.refresh(uri);
  return openVirtualDocument(uri);
}
