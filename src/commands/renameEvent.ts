import * as vscode from 'vscode';
import { activeEvent, askEventName, chooseEvent, eventOfArg } from '../invoke/eventChoice';
import { functionFrom } from '../invoke/targets';
import type { EventFile } from '../invoke/eventStore';
import type { CommandContext } from './commandContext';

/** The event a command is about: the one passed, the active editor's, or one picked. */
export async function eventFrom(ctx: CommandContext, arg: unknown, title: string): Promise<EventFile> {
  const file = eventOfArg(arg) ?? (arg === undefined ? activeEvent() : undefined);
  if (file) return file;
  const { env, functionName } = await functionFrom(ctx, arg, title);
  return chooseEvent(ctx, env, functionName, { alwaysAsk: true });
}

export async function renameEvent(ctx: CommandContext, arg?: unknown, newName?: unknown): Promise<vscode.Uri> {
  const event = await eventFrom(ctx, arg, vscode.l10n.t('Rename Event'));
  const name = typeof newName === 'string' ? newName : await askEventName(ctx, event.env, event.functionName, event.name);
  if (name === event.name) return event.uri;
  return (await ctx.invoke.events.rename(event, name)).uri;
}
