import * as vscode from 'vscode';
import { askEventName, eventOfArg } from '../invoke/eventChoice';
import { functionFrom } from '../invoke/targets';
import type { CommandContext } from './commandContext';

/** Creates a named event for a function (seeded like the first one) and opens it. */
export async function newEvent(ctx: CommandContext, arg?: unknown, name?: unknown): Promise<vscode.Uri> {
  const file = eventOfArg(arg);
  const { env, functionName } = file ?? (await functionFrom(ctx, arg, vscode.l10n.t('New Event')));
  const chosen = typeof name === 'string' ? name : await askEventName(ctx, env, functionName);
  const created = await ctx.invoke.events.create(env, functionName, chosen);
  await ctx.invoke.events.setLastUsed(created);
  await vscode.window.showTextDocument(created.uri, { preview: false });
  return created.uri;
}
