import * as vscode from 'vscode';
import { askEventName, eventFrom } from '../invoke/eventChoice';
import type { CommandContext } from './commandContext';

export async function renameEvent(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const { events } = ctx.invoke;
  const event = await eventFrom(events, ctx.targets, arg, vscode.l10n.t('Rename Event'));
  const name = await askEventName(events, event.env, event.functionName, event.name);
  if (name === event.name) return event.uri;
  return (await events.rename(event, name)).uri;
}
