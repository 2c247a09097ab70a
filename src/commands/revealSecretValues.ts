import * as vscode from 'vscode';
import { addressOf } from '../documents/scopeRegistry';
import { fromUri, revealTitle, toUri } from '../documents/configDocument';

import { openVirtualDocument } from '../documents/openDocument';
import type { CommandContext } from './commandContext';

/** Shows the environment variable values of one function's config document (type 3) until it is closed. */
export async function revealSecretValues(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  let uri: vscode.Uri | undefined;
  const given = arg instanceof vscode.Uri ? arg : arg === undefined ? vscode.window.activeTextEditor?.document.uri : undefined;
  const key = given && fromUri(given);
  if (key) {
    uri = toUri({ ...key, type: 3 });
  } else {
    const target = await ctx.targets.functionFrom(arg, revealTitle());
    ctx.documents.scopes.remember(target.scope);
    uri = toUri({ ...addressOf(target.scope, target.env), functionName: target.functionName, type: 3 });
  }
  ctx.documents.configs.reveal(uri);
  await openVirtualDocument(uri);
  return uri;
}
