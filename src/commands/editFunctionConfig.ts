import * as vscode from 'vscode';
import { pickConfigType } from '../editor/configTypes';
import { ConfigNode } from '../tree/configNode';
import { FunctionNode } from '../tree/functionNode';
import { addressOf } from '../documents/scopeRegistry';
import { fromUri, type ConfigDocumentKey } from '../documents/configDocument';
import type { CommandContext } from './commandContext';

/**
 * Opens a function's config (types 1, 2, 3) in a writable document: from a config row, from the
 * read-only config document's title bar, or from the palette with a pick. Saving writes it.
 */
export async function editFunctionConfig(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const title = vscode.l10n.t('Edit Function Config');
  const given = arg instanceof vscode.Uri ? arg : arg === undefined ? vscode.window.activeTextEditor?.document.uri : undefined;
  let key: ConfigDocumentKey | undefined = given && fromUri(given);
  if (!key) {
    const target = await ctx.targets.functionFrom(arg instanceof vscode.Uri ? undefined : arg, title);
    const type = arg instanceof ConfigNode ? arg.type : await pickConfigType(title);
    ctx.documents.scopes.remember(target.scope);
    key = { ...addressOf(target.scope, target.env), functionName: target.functionName, type };
  }
  const row = arg instanceof ConfigNode ? arg.fn : arg instanceof FunctionNode ? arg : undefined;
  const doc = await ctx.configEditing.open(key, row?.id);
  return doc.uri;
}
