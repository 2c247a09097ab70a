import * as vscode from 'vscode';
import { chooseEvent, eventOfArg } from '../invoke/eventChoice';
import type { EventFile } from '../invoke/eventStore';
import type { CommandContext } from './commandContext';

/** Opens one of a function's saved events (creating the first from cloudbaserc.json or the template). */
export async function openEvent(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const event = eventOfArg(arg) ?? (await pickEvent(ctx, arg));
  await vscode.window.showTextDocument(event.uri, { preview: false });
  return event.uri;
}

async function pickEvent(ctx: CommandContext, arg: unknown): Promise<EventFile> {
  const { env, functionName } = await ctx.targets.functionFrom(arg, vscode.l10n.t('Open Event'));
  return chooseEvent(ctx.invoke.events, env, functionName, { alwaysAsk: true });
}
