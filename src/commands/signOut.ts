import * as vscode from 'vscode';
import { UserCancelled } from '../editor/reportError';
import type { CommandContext } from './commandContext';
import { connectionFrom } from './nodeArgs';

/** Removes a connection and every secret it had. */
export async function signOut(ctx: CommandContext, node?: unknown): Promise<void> {
  const info = await connectionFrom(ctx, node);
  const remove = vscode.l10n.t('Sign Out');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Sign out of “{0}”? Its secrets are deleted from this machine.', info.name),
    { modal: true },
    remove,
  );
  if (answer !== remove) throw new UserCancelled();
  if (info.kind === 'emulator') await ctx.emulator.stop();
  await ctx.store.remove(info.id);
}
