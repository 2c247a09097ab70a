import * as vscode from 'vscode';
import { DatabaseMigrate, type Cleanup, type JobInfo } from '../../core/database/migrate';
import { UserFacingError } from '../../editor/reportError';
import type { CollectionTarget } from '../../tree/database/collectionTarget';

/**
 * The migrate jobs of a collection's environment. They take a mini program's own
 * access_token or an authorizer_access_token; a platform's own environments (component
 * token only) have none, which is said here before anything is asked or sent.
 */
export function migrateOf(target: CollectionTarget): DatabaseMigrate {
  if (!target.scope.client.tokenKindFor('dbMigrateExport') || !target.scope.client.tokenKindFor('uploadFile')) {
    throw new UserFacingError(
      vscode.l10n.t(
        'Environment {0} is one of the platform’s own environments, reached with the component_access_token only. WeChat runs import and export as migrate jobs, which take a mini program’s own access_token or an authorizer_access_token, so they are not available here.',
        target.env,
      ),
    );
  }
  return new DatabaseMigrate(target.scope.client, target.env);
}

/** Each status a job passes through, in a few words for the progress notification. */
const STATUS_TEXT: Record<string, (info: JobInfo) => string> = {
  waiting: (i) => vscode.l10n.t('job {0}: waiting to start', i.jobId),
  reading: (i) => vscode.l10n.t('job {0}: reading', i.jobId),
  writing: (i) => vscode.l10n.t('job {0}: writing the file', i.jobId),
  migrating: (i) => vscode.l10n.t('job {0}: importing, {1} records so far', i.jobId, i.recordSuccess),
  success: (i) => vscode.l10n.t('job {0}: finished', i.jobId),
  fail: (i) => vscode.l10n.t('job {0}: failed', i.jobId),
};

export function jobStatusText(info: JobInfo): string {
  return Object.hasOwn(STATUS_TEXT, info.status) ? STATUS_TEXT[info.status]!(info) : vscode.l10n.t('job {0}: {1}', info.jobId, info.status);
}

/**
 * Runs `work` under a cancellable progress notification: cancelling aborts its signal, and
 * each job status it reports replaces the message.
 */
export function withMigrateProgress<T>(title: string, work: (signal: AbortSignal, status: (info: JobInfo) => void, step: (message: string) => void) => Promise<T>): Promise<T> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      const cancelled = token.onCancellationRequested(() => controller.abort());
      try {
        return await work(controller.signal, (info) => progress.report({ message: jobStatusText(info) }), (message) => progress.report({ message }));
      } finally {
        cancelled.dispose();
      }
    }),
  );
}

/** Logs what became of a temporary storage file, and tells the user when it is left behind. */
export function cleanupReporter(log: vscode.LogOutputChannel, env: string): (cleanup: Cleanup) => void {
  return (cleanup) => {
    if (cleanup.deleted) {
      log.info(`migrate: deleted the temporary file ${cleanup.fileId}`);
      return;
    }
    log.warn(`migrate: could not delete the temporary file ${cleanup.fileId}: ${cleanup.reason ?? ''}`);
    void vscode.window.showWarningMessage(
      vscode.l10n.t('The temporary file {0} could not be deleted from the storage of environment {1}: {2}. Delete it in the WeChat DevTools cloud console.', cleanup.fileId, env, cleanup.reason ?? ''),
    );
  };
}
