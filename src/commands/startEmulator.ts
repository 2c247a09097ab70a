import * as vscode from 'vscode';
import type { CommandContext } from './commandContext';

/** Starts the local emulator on the workspace's cloud functions (or the demo project) and adds its connection. */
export async function startEmulator(ctx: CommandContext): Promise<void> {
  const emulator = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Starting the local emulator…') }, () => ctx.emulator.start());
  await vscode.commands.executeCommand('wxcloud.explorer.focus');
  vscode.window.setStatusBarMessage(vscode.l10n.t('Local emulator running on {0}', emulator.url), 5000);
}

export async function stopEmulator(ctx: CommandContext): Promise<void> {
  await ctx.emulator.stop();
}
