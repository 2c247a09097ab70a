import * as vscode from 'vscode';
import { isUserCancellation, reportError } from './reportError';

/**
 * The one path from an action to the user: commands, tree loads, document providers and
 * activation run through `run`. A failure is logged with what was being done, shown with its
 * actions (unless the user cancelled), and swallowed, or rethrown while a test asks for it.
 */
export class ActionRunner {
  /** Tests set this so a failed command rejects instead of showing a notification. */
  rethrow = false;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  async run<T>(what: string, action: () => T | Promise<T>): Promise<T | undefined> {
    try {
      return await action();
    } catch (error) {
      if (isUserCancellation(error)) return undefined;
      this.report(what, error);
      if (this.rethrow) throw error;
      return undefined;
    }
  }

  private report(what: string, error: unknown): void {
    // Not awaited: the notification stays up while the action's promise settles.
    reportError(error, this.log, what).catch((shown: unknown) => this.log.error(`${what}: could not show the error`, shown instanceof Error ? shown : String(shown)));
  }
}
