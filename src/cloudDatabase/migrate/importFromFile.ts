import * as vscode from 'vscode';
import { type ConflictMode, type ImportOutcome } from '../../core/database/migrate';
import { ImportFileError, formatOfName, prepareImport, type PreparedImport } from '../../core/database/migrateFile';
import { isCancelled } from '../../core/errors';
import { MAX_UPLOAD_BYTES } from '../../core/storage/cloudStorage';
import { confirm, openFrom, pick } from '../../editor/prompts';
import { UserFacingError } from '../../editor/reportError';
import type { CollectionTarget } from '../../tree/database/collectionTarget';
import { formatBytes } from '../../tree/database/collectionNode';
import { cleanupReporter, migrateOf, withMigrateProgress } from './migrateRun';

/** Reads and checks the chosen file before anything is asked about the import. */
async function readImportFile(uri: vscode.Uri): Promise<PreparedImport & { size: number }> {
  const name = uri.path.split('/').pop() ?? uri.path;
  const format = formatOfName(name);
  if (!format) throw new UserFacingError(vscode.l10n.t('{0} is not a .json, .jsonl or .csv file; nothing was imported.', name));
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size > MAX_UPLOAD_BYTES) throw new UserFacingError(vscode.l10n.t('{0} is {1}; an import takes files up to {2}.', name, formatBytes(size), formatBytes(MAX_UPLOAD_BYTES)));
  try {
    return { ...prepareImport(await vscode.workspace.fs.readFile(uri), format), size };
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    throw new UserFacingError(
      error.reason === 'arrayNotJson'
        ? vscode.l10n.t('{0} starts with “[” but is not valid JSON; nothing was imported.', name)
        : vscode.l10n.t('{0} is a JSON array of something other than objects; nothing was imported.', name),
    );
  }
}

/** The message an import ends with: the counts, and the first failure when there was one. */
function outcomeText(outcome: ImportOutcome, collection: string): string {
  const counts = vscode.l10n.t('{0} records imported into {1}, {2} failed.', outcome.recordSuccess, collection, outcome.recordFail);
  return outcome.error ? vscode.l10n.t('{0} First failure: {1}', counts, outcome.error) : counts;
}

/**
 * Import into Collection…: a local JSON Lines, JSON array or CSV file, insert or upsert,
 * stop at the first failing record or not; a modal names the environment, the collection,
 * the file, its size and how many records it seems to hold. The job runs under a cancellable
 * progress and ends with the record counts; `reload` then shows the collection's new rows,
 * whether the job finished, failed or was given up on. Answers the job's outcome.
 */
export async function importFromFile(target: CollectionTarget, log: vscode.LogOutputChannel, reload: () => Promise<void>): Promise<ImportOutcome> {
  const migrate = migrateOf(target);
  const title = vscode.l10n.t('Import into Collection {0}', target.collection);
  const uri = await openFrom({
    title,
    openLabel: vscode.l10n.t('Import'),
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
    filters: { [vscode.l10n.t('JSON Lines, JSON or CSV')]: ['jsonl', 'json', 'ndjson', 'csv'] },
  });
  const file = await readImportFile(uri);
  const { conflict } = await pick(
    [
      { label: vscode.l10n.t('Insert'), detail: vscode.l10n.t('A record whose _id already exists fails and the document is kept.'), conflict: 'insert' as ConflictMode },
      { label: vscode.l10n.t('Upsert'), detail: vscode.l10n.t('A record whose _id already exists replaces that document.'), conflict: 'upsert' as ConflictMode },
    ],
    { title, placeHolder: vscode.l10n.t('When a record’s _id is already in {0}', target.collection) },
  );
  const { stopOnError } = await pick(
    [
      { label: vscode.l10n.t('Continue past failing records'), detail: vscode.l10n.t('Every record is tried; the failures are counted.'), stopOnError: false },
      { label: vscode.l10n.t('Stop at the first failing record'), detail: vscode.l10n.t('The records before it stay imported.'), stopOnError: true },
    ],
    { title, placeHolder: vscode.l10n.t('When a record fails') },
  );
  const where = vscode.workspace.asRelativePath(uri);
  await confirm(vscode.l10n.t('Import about {0} records into collection {1} in environment {2}?', file.records, target.collection, target.env), {
    detail: [
      vscode.l10n.t('File: {0} ({1})', where, formatBytes(file.size)),
      file.converted ? vscode.l10n.t('The JSON array is sent as JSON Lines, one record per line.') : undefined,
      conflict === 'upsert' ? vscode.l10n.t('Upsert: documents with the same _id are replaced.') : vscode.l10n.t('Insert: records whose _id exists fail.'),
      stopOnError ? vscode.l10n.t('The job stops at the first failing record.') : vscode.l10n.t('Failing records are counted and skipped.'),
    ]
      .filter((line): line is string => line !== undefined)
      .join('\n'),
    action: vscode.l10n.t('Import'),
  });
  let outcome: ImportOutcome;
  let started = false;
  try {
    outcome = await withMigrateProgress(vscode.l10n.t('Importing {0} into {1}', where, target.collection), (signal, onStatus, step) => {
      step(vscode.l10n.t('uploading {0}', formatBytes(file.bytes.byteLength)));
      const onJob = () => (started = true);
      return migrate.importRecords({ collection: target.collection, bytes: file.bytes, format: file.format, conflict, stopOnError, signal, onJob, onStatus, onCleanup: cleanupReporter(log, target.env) });
    });
  } catch (error) {
    // WeChat has no endpoint that stops a job: once one started, only the waiting stopped.
    if (isCancelled(error) && started) void vscode.window.showInformationMessage(vscode.l10n.t('Stopped waiting for the import into {0}. WeChat cannot stop a job it started, so records may still arrive; refresh the collection to see them.', target.collection));
    throw error;
  } finally {
    await reload();
  }
  log.info(`import: job ${outcome.jobId} into ${target.collection} (${target.env}) ended ${outcome.status}: ${outcome.recordSuccess} imported, ${outcome.recordFail} failed${outcome.error ? `; first failure: ${outcome.error}` : ''}`);
  if (outcome.status === 'fail') {
    throw new UserFacingError(vscode.l10n.t('The import into {0} failed: {1} ({2} records imported, {3} failed).', target.collection, outcome.error || vscode.l10n.t('no reason given'), outcome.recordSuccess, outcome.recordFail));
  }
  const text = outcomeText(outcome, target.collection);
  void (outcome.recordFail > 0 ? vscode.window.showWarningMessage(text) : vscode.window.showInformationMessage(text));
  return outcome;
}
