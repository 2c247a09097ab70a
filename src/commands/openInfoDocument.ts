import type * as vscode from 'vscode';
import { toUri, type InfoDocumentKey } from '../documents/infoDocument';
import { openOrRefresh } from '../documents/openDocument';
import type { CloudScope } from '../editor/connections/scope';
import type { CommandContext } from './commandContext';

/** Opens (or refreshes) one read-only info document for a scope the document provider can find again. */
export async function openInfoDocument(ctx: CommandContext, scope: CloudScope, address: InfoDocumentKey): Promise<vscode.Uri> {
  ctx.documents.scopes.remember(scope);
  const uri = toUri(address);
  await openOrRefresh(uri, ctx.documents.info);
  return uri;
}
