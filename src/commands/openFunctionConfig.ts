import * as vscode from 'vscode';
import { pickConfigType } from '../editor/configTypes';
import { ConfigNode } from '../tree/configNode';
import { addressOf } from '../documents/scopeRegistry';
import { toUri } from '../documents/configDocument';
import { openOrRefresh } from '../documents/openDocument';
import type { CommandContext } from './commandContext';

/**
 * Opens one `getfuncconfig` type of a function as a read-only JSON document; running it again
 * on an open document loads it again.
 */
export async function openFunctionConfig(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const target = await ctx.targets.functionFrom(arg, vscode.l10n.t('Open Function Config'));
  const type = arg instanceof ConfigNode ? arg.type : await pickConfigType(vscode.l10n.t('Open Function Config'));
  ctx.documents.scopes.remember(target.scope);
  const uri = toUri({ ...addressOf(target.scope, target.env), functionName: target.functionName, type });
  await openOrRefresh(uri, ctx.documents.configs);
  return uri;
}
