import * as vscode from 'vscode';
import { UserCancelled } from './reportError';

/**
 * Every question the extension asks goes through here: an input box, a quick pick or a modal
 * confirmation. Each throws `UserCancelled` when dismissed, so handlers read straight through.
 * Tests answer the questions by installing their own `UserInput` with `userInput.use(…)`,
 * so no command needs a parameter that only a test passes.
 */
export interface UserInput {
  ask(options: vscode.InputBoxOptions): Promise<string | undefined>;
  pick<T extends vscode.QuickPickItem>(items: T[] | Promise<T[]>, options: vscode.QuickPickOptions): Promise<T | undefined>;
  /** A quick pick where several items can be chosen; items with `picked` start chosen. */
  pickMany<T extends vscode.QuickPickItem>(items: T[] | Promise<T[]>, options: vscode.QuickPickOptions): Promise<T[] | undefined>;
  /** A modal warning with one action; resolves with the action when the user chose it. */
  confirm(message: string, options: { detail?: string; action: string }): Promise<string | undefined>;
  /** The save dialog, which itself asks before replacing a file; undefined when dismissed. */
  saveTo(options: vscode.SaveDialogOptions): Promise<vscode.Uri | undefined>;
  /** The open dialog; undefined or empty when dismissed. */
  openFrom(options: vscode.OpenDialogOptions): Promise<vscode.Uri[] | undefined>;
}

const editorInput: UserInput = {
  ask: (options) => Promise.resolve(vscode.window.showInputBox({ ignoreFocusOut: true, ...options })),
  pick: (items, options) => Promise.resolve(vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options })),
  pickMany: (items, options) => Promise.resolve(vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options, canPickMany: true })),
  confirm: (message, { detail, action }) => Promise.resolve(vscode.window.showWarningMessage(message, { modal: true, detail }, action)),
  saveTo: (options) => Promise.resolve(vscode.window.showSaveDialog(options)),
  openFrom: (options) => Promise.resolve(vscode.window.showOpenDialog(options)),
};

/** The input the extension uses now: the editor's own, or one a test installed. */
export class UserInputHost {
  private current: UserInput = editorInput;

  /** Answers questions with `input` until the returned disposable is disposed. */
  use(input: UserInput): vscode.Disposable {
    this.current = input;
    return new vscode.Disposable(() => {
      if (this.current === input) this.current = editorInput;
    });
  }

  get input(): UserInput {
    return this.current;
  }
}

export const userInput = new UserInputHost();

export async function ask(options: vscode.InputBoxOptions): Promise<string> {
  const value = await userInput.input.ask(options);
  if (value === undefined) throw new UserCancelled();
  return value.trim();
}

export async function pick<T extends vscode.QuickPickItem>(items: T[] | Promise<T[]>, options: vscode.QuickPickOptions): Promise<T> {
  const choice = await userInput.input.pick(items, options);
  if (!choice) throw new UserCancelled();
  return choice;
}

/** Several choices; choosing none is a cancel. */
export async function pickMany<T extends vscode.QuickPickItem>(items: T[] | Promise<T[]>, options: vscode.QuickPickOptions): Promise<T[]> {
  const choice = await userInput.input.pickMany(items, options);
  if (!choice || choice.length === 0) throw new UserCancelled();
  return choice;
}

/** Asks in a modal before something is removed; anything but the action is a cancel. */
export async function confirm(message: string, options: { detail?: string; action: string }): Promise<void> {
  const answer = await userInput.input.confirm(message, options);
  if (answer !== options.action) throw new UserCancelled();
}

/** Where to save a file, chosen in the save dialog (which asks before replacing one). */
export async function saveTo(options: vscode.SaveDialogOptions): Promise<vscode.Uri> {
  const uri = await userInput.input.saveTo(options);
  if (!uri) throw new UserCancelled();
  return uri;
}

/** One file chosen in the open dialog. */
export async function openFrom(options: Omit<vscode.OpenDialogOptions, 'canSelectMany' | 'canSelectFolders' | 'canSelectFiles'>): Promise<vscode.Uri> {
  const [uri] = (await userInput.input.openFrom({ ...options, canSelectFiles: true, canSelectFolders: false, canSelectMany: false })) ?? [];
  if (!uri) throw new UserCancelled();
  return uri;
}

export const validate = {
  required: (value: string) => (value.trim() ? undefined : vscode.l10n.t('A value is required.')),
  appid: (value: string) => (/^wx[0-9a-zA-Z]{6,30}$/.test(value.trim()) ? undefined : vscode.l10n.t('An AppID starts with “wx”, for example wx1234567890abcdef.')),
  optionalMinutes: (value: string) =>
    value.trim() === '' || (Number.isFinite(Number(value)) && Number(value) > 0) ? undefined : vscode.l10n.t('Enter a number of minutes, or leave empty.'),
};

/** Asks when a pasted token expires: epoch ms, or undefined when the user does not know. */
export async function askExpiry(): Promise<number | undefined> {
  const minutes = await ask({ title: vscode.l10n.t('Token expiry'), prompt: vscode.l10n.t('Expires in how many minutes? Leave empty if unknown.'), value: '120', validateInput: validate.optionalMinutes });
  return minutes === '' ? undefined : Date.now() + Number(minutes) * 60_000;
}

export function newConnectionId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
