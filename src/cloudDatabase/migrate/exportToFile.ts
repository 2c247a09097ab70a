import * as vscode from 'vscode';
import type { MigrateFormat } from '../../core/database/migrate';
import { isSingleObjectText, whereFromJson } from '../../core/database/queryText';
import { ask, pick, saveTo } from '../../editor/prompts';
import type { CollectionTarget } from '../../tree/database/collectionTarget';
import { cleanupReporter, migrateOf, withMigrateProgress } from './migrateRun';

const EXTENSION: Record<MigrateFormat, string> = { jsonl: 'jsonl', csv: 'csv' };

/** A `where` object as the query language takes it: JSON, or one object of the language; undefined when it is neither. */
export function exportWhere(text: string): string | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? whereFromJson(value as Record<string, unknown>) : undefined;
  } catch {
    return isSingleObjectText(text) ? text.trim() : undefined;
  }
}

/**
 * Export Collection…: the format, an optional filter and where to save are asked first; then
 * a migrate export job runs under a cancellable progress, its file is downloaded, saved, and
 * the user is offered to open it. Answers where the file was saved.
 */
export async function exportToFile(target: CollectionTarget, log: vscode.LogOutputChannel): Promise<vscode.Uri> {
  const migrate = migrateOf(target);
  const title = vscode.l10n.t('Export Collection {0}', target.collection);
  const { format } = await pick(
    [
      { label: vscode.l10n.t('JSON Lines'), description: '.jsonl', detail: vscode.l10n.t('One document per line, dates as {"$date": …}: what Import into Collection… and the WeChat DevTools read.'), format: 'jsonl' as const },
      { label: vscode.l10n.t('CSV'), description: '.csv', detail: vscode.l10n.t('A header of the top-level fields; objects and arrays as JSON cells.'), format: 'csv' as const },
    ],
    { title, placeHolder: vscode.l10n.t('Export as') },
  );
  const filter = await ask({
    title,
    prompt: vscode.l10n.t('Only the documents a where object matches: JSON such as {"done": false}, or the query language such as {priority: _.gte(2)}. Empty exports every document.'),
    validateInput: (value) => (value.trim() === '' || exportWhere(value) !== undefined ? undefined : vscode.l10n.t('Enter one object in braces, such as {"done": false}.')),
  });
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = await saveTo({
    title,
    saveLabel: vscode.l10n.t('Export'),
    defaultUri: folder ? vscode.Uri.joinPath(folder, `${target.collection}.${EXTENSION[format]}`) : undefined,
    filters: format === 'csv' ? { CSV: ['csv'] } : { [vscode.l10n.t('JSON Lines')]: ['jsonl', 'json'] },
  });
  const where = filter === '' ? undefined : exportWhere(filter);
  const result = await withMigrateProgress(vscode.l10n.t('Exporting {0} from {1}', target.collection, target.env), (signal, onStatus) =>
    migrate.exportCollection({ collection: target.collection, where, format, signal, onStatus, onCleanup: cleanupReporter(log, target.env) }),
  );
  await vscode.workspace.fs.writeFile(uri, result.bytes);
  log.info(`export: job ${result.jobId} wrote ${result.records} documents of ${target.collection} (${target.env}) to ${uri.toString()}`);
  const open = vscode.l10n.t('Open');
  const message = vscode.l10n.t('Exported {0} documents of {1} to {2}.', result.records, target.collection, vscode.workspace.asRelativePath(uri));
  void (async () => {
    if ((await vscode.window.showInformationMessage(message, open)) === open) await vscode.window.showTextDocument(uri);
  })().catch((error: unknown) => log.warn(`export: could not open ${uri.toString()}: ${String(error)}`));
  return uri;
}
