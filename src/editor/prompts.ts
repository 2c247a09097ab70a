import * as vscode from 'vscode';
import { UserCancelled } from './reportError';

/** An input box that throws `UserCancelled` when dismissed, so handlers read straight through. */
export async function ask(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) throw new UserCancelled();
  return value.trim();
}

export async function pick<T extends vscode.QuickPickItem>(items: T[] | Promise<T[]>, options: vscode.QuickPickOptions): Promise<T> {
  const choice = await vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options });
  if (!choice) throw new UserCancelled();
  return choice;
}

export const validate = {
  required: (value: string) => (value.trim() ? undefined : vscode.l10n.t('A value is required.')),
  appid: (value: string) => (/^wx[0-9a-zA-Z]{6,30}$/.test(value.trim()) ? undefined : vscode.l10n.t('An AppID starts with “wx”, for example wx1234567890abcdef.')),
  optionalMinutes: (value: string) =>
    value.trim() === '' || (Number.isFinite(Number(value)) && Number(value) > 0) ? undefined : vscode.l10n.t('Enter a number of minutes, or leave empty.'),
};

/** "Expires in N minutes" → epoch ms; empty → unknown expiry. */
export function expiryFromMinutes(value: string): number | undefined {
  return value.trim() === '' ? undefined : Date.now() + Number(value) * 60_000;
}

export function newConnectionId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
