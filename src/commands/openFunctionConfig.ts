import * as vscode from 'vscode';
import type { FunctionConfigType } from '../core/types';
import { pick } from '../editor/prompts';
import { ConfigNode } from '../tree/configNode';
import { addressOf } from '../documents/scopeRegistry';
import { configTypeLabel, toUri } from '../documents/configDocument';
import { functionFrom } from '../invoke/targets';
import { openOrRefresh } from '../invoke/invokeServices';
import type { CommandContext } from './commandContext';

async function pickType(): Promise<FunctionConfigType> {
  const choice = await pick(
    ([3, 1, 2] as const).map((type) => ({ label: configTypeLabel(type), description: vscode.l10n.t('config type {0}', type), type })),
    { title: vscode.l10n.t('Open Function Config') },
  );
  return choice.type;
}

/**
 * Opens one `getfuncconfig` type of a function as a read-only JSON document; running it again
 * on an open document loads it again.
 */
export async function openFunctionConfig(ctx: CommandContext, arg?: unknown, type?: unknown): Promise<vscode.Uri> {
  const target = await functionFrom(ctx, arg, vscode.l10n.t('Open Function Config'));
  const chosen = arg instanceof ConfigNode ? arg.type : type === 1 || type === 2 || type === 3 ? type : await pickType();
  ctx.invoke.scopes.remember(target.scope);
  const uri = toUri({ ...addressOf(target.scope, target.env), functionName: target.functionName, type: chosen });
  await openOrRefresh(uri, ctx.invoke.configs);
  return uri;
}
