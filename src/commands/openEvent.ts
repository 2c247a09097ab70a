import * as vscode from 'vscode';
import { chooseEvent, eventOfArg } from '../invoke/eventChoice';
import { functionFrom } from '../invoke/targets';
import type { CommandContext } from './commandContext';

/** Opens one of a function's saved events (creating the first from cloudbaserc.json or the template). */
export async function openEvent(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const file = eventOfArg(arg);
  const event = file ?? (await (async () => {
    const { env, functionName } = await functionFrom(ctx, arg, vscode.l10n.t('Open Event'));
    return chooseEvent(ctx, env, functionName, { alwaysAsk: true });
  })());
  await vscode.window.showTextDocument(event.uri, { preview: false });
  return event.uri;
}
