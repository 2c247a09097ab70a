import * as vscode from 'vscode';
import { confirm } from '../editor/prompts';
import type { CommandContext } from './commandContext';

/** Removes a connection and every secret it had. */
export async function signOut(ctx: CommandContext, node?: unknown): Promise<void> {
  const info = await ctx.targets.connectionFrom(node);
  await confirm(vscode.l10n.t('Sign out of “{0}”? Its secrets are deleted from this machine.', info.name), { action: vscode.l10n.t('Sign Out') });
  if (info.kind === 'emulator') await ctx.emulator.stop();
  await ctx.store.remove(info.id);
}
