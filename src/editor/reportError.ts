import * as vscode from 'vscode';
import { describeError, isCancelled, WxCloudError } from '../core/errors';

/** Thrown by a handler when the user dismissed a prompt: nothing to report. */
export class UserCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'UserCancelled';
  }
}

/** A problem worded for the user (already localised): shown as it is, not as "Unexpected error". */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** The user dismissed a prompt or cancelled a progress notification: nothing went wrong. */
export function isUserCancellation(error: unknown): boolean {
  return error instanceof UserCancelled || isCancelled(error) || error instanceof vscode.CancellationError;
}

/**
 * The one place errors reach the user: the full error goes to the log, one line to the user
 * with an action where one helps, and nothing at all when the user cancelled.
 */
export async function reportError(error: unknown, log: vscode.LogOutputChannel, what?: string): Promise<void> {
  if (isUserCancellation(error)) return;
  log.error(what ? `${what}: ` : '', error instanceof Error ? error : String(error));
  const line = error instanceof UserFacingError ? error.message : describeError(error, vscode.l10n.t);
  const showLog = vscode.l10n.t('Show Log');
  const actions = [showLog];
  const replace = vscode.l10n.t('Replace Token…');
  if (error instanceof WxCloudError && error.category === 'auth') actions.unshift(replace);
  const choice = await vscode.window.showErrorMessage(line, ...actions);
  if (choice === showLog) log.show(true);
  if (choice === replace) await vscode.commands.executeCommand('wxcloud.replaceToken');
}
