import * as vscode from 'vscode';
import { askEventName, eventOfArg } from '../invoke/eventChoice';
import type { CommandContext } from './commandContext';

/** Creates a named event for a function (seeded like the first one) and opens it. */
export async function newEvent(ctx: CommandContext, arg?: unknown): Promise<vscode.Uri> {
  const { events } = ctx.invoke;
  const { env, functionName } = eventOfArg(arg) ?? (await ctx.targets.functionFrom(arg, vscode.l10n.t('New Event')));
  const name = await askEventName(events, env, functionName);
  const created = await events.create(env, functionName, name);
  await events.setLastUsed(created);
  await vscode.window.showTextDocument(created.uri, { preview: false });
  return created.uri;
}
