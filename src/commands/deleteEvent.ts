import * as vscode from 'vscode';
import { confirm } from '../editor/prompts';
import { eventFrom } from '../invoke/eventChoice';
import type { CommandContext } from './commandContext';

export async function deleteEvent(ctx: CommandContext, arg?: unknown): Promise<void> {
  const event = await eventFrom(ctx.invoke.events, ctx.targets, arg, vscode.l10n.t('Delete Event'));
  await confirm(vscode.l10n.t('Delete the event “{0}” of {1}?', event.name, event.functionName), { detail: event.uri.fsPath, action: vscode.l10n.t('Delete') });
  await ctx.invoke.events.delete(event);
}
