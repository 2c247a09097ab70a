import * as vscode from 'vscode';
import { UserCancelled } from '../editor/reportError';
import type { CommandContext } from './commandContext';
import { eventFrom } from './renameEvent';

export async function deleteEvent(ctx: CommandContext, arg?: unknown): Promise<void> {
  const event = await eventFrom(ctx, arg, vscode.l10n.t('Delete Event'));
  const remove = vscode.l10n.t('Delete');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete the event “{0}” of {1}?', event.name, event.functionName),
    { modal: true, detail: event.uri.fsPath },
    remove,
  );
  if (answer !== remove) throw new UserCancelled();
  await ctx.invoke.events.delete(event);
}
