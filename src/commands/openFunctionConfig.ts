import * as vscode from 'vscode';
import type { FunctionConfigType } from '../core/types';
import { pick } from '../editor/prompts';
import { configTypes } from '../editor/configTypes';
import { ConfigNode } from '../tree/configNode';
import { addressOf } from '../documents/scopeRegistry';
import { toUri } from '../documents/configDocument';
import { openOrRefresh } from '../documents/openDocument';
import type { CommandContext } from './commandContext';

async function pickType(): Promise<FunctionConfigType> {
  const choice = await pick(
    ([3, 1, 2] as const).map((type) => ({ label: configTypes[type].label(), description: vscode.l10n.t('config type {0}', type), type })),
    { title: vscode.l10n.t('Open Function Config') },
  );
  return choice.type;
}

/**
 * Opens one `getfuncconfig` type of a function as a read-only JSON document; running it again
 * on an open document loads it again.
 */
export async function openFunctionConfig(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const target = await ctx.targets.functionFrom(arg, vscode.l10n.t('Open Function Config'));
  const type = arg instanceof ConfigNode ? arg.type : await pickType();
  ctx.documents.scopes.remember(target.scope);
  const uri = toUri({ ...addressOf(target.scope, target.env), functionName: target.functionName, type });
  await openOrRefresh(uri, ctx.documents.configs);
  return uri;
}
