import * as vscode from 'vscode';
import { getQuery } from '../core/database/queryText';
import { fromUri, type DatabaseDocumentKey, documentKey } from '../documents/databaseDocument';
import { pick } from '../editor/prompts';
import type { TargetPicker } from '../tree/targetPicker';
import { DocumentNode, preview } from '../tree/database/documentNode';
import { collectionOfNode } from '../tree/database/collectionTarget';

/**
 * The document a command acts on: a document row, an open document's address (the editor
 * title passes it), or the user's choice of a collection and then one of its first documents.
 */
export async function documentFrom(targets: TargetPicker, arg: unknown, title: string, pageSize: number): Promise<DatabaseDocumentKey> {
  if (arg instanceof DocumentNode && arg.document.id !== '') {
    const c = collectionOfNode(arg)!;
    return documentKey(c.scope, c.env, c.collection, arg.document.id);
  }
  const fromAddress = arg instanceof vscode.Uri ? fromUri(arg) : undefined;
  if (fromAddress) return fromAddress;
  const c = await targets.collectionFrom(arg, title);
  const page = vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Loading documents…') }, () =>
    c.database.query(getQuery({ collection: c.collection, orderBy: [{ field: '_id', direction: 'asc' }], limit: pageSize })),
  );
  const items = Promise.resolve(page).then((p) => p.documents.filter((d) => d.id !== '').map((d) => ({ label: d.id, description: preview(d.value) })));
  const choice = await pick(items, { title, placeHolder: vscode.l10n.t('Choose a document of {0}', c.collection), matchOnDescription: true });
  return documentKey(c.scope, c.env, c.collection, choice.label);
}
