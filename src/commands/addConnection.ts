import * as vscode from 'vscode';
import { pick } from '../editor/prompts';
import type { CommandContext } from './commandContext';

/** The four ways in, as on the welcome view. */
export async function addConnection(_ctx: CommandContext): Promise<void> {
  const choice = await pick(
    [
      { label: `$(key) ${vscode.l10n.t('Connect Mini Program (AppID + AppSecret)…')}`, detail: vscode.l10n.t('For mini-program developers: invoke functions with your own AppID.'), command: 'wxcloud.connectMiniProgram' },
      { label: `$(organization) ${vscode.l10n.t('Connect Third-Party Platform…')}`, detail: vscode.l10n.t('For platforms (服务商) managing authorized mini programs with component and authorizer tokens.'), command: 'wxcloud.connectPlatform' },
      { label: `$(clippy) ${vscode.l10n.t('Paste Access Token…')}`, detail: vscode.l10n.t('Any token kind, with an optional expiry.'), command: 'wxcloud.pasteToken' },
      { label: `$(server-environment) ${vscode.l10n.t('Start Local Emulator')}`, detail: vscode.l10n.t('Offline: serve this workspace’s cloud functions, or the demo project.'), command: 'wxcloud.startEmulator' },
    ],
    { title: vscode.l10n.t('Add Connection') },
  );
  await vscode.commands.executeCommand(choice.command);
}
