import * as vscode from 'vscode';
import { Schemes } from '../../documents/schemes';
import { joinSegments, splitSegments } from '../../documents/pathCodec';
import { jsoncDocument } from '../../documents/jsoncText';
import { renderQueryRecord, type QueryRecord } from './queryRecord';

/** One query run's result, read-only: `wxcloud-query-result:/<env>/<id>/<name>-result.json`. */
export const QUERY_RESULT_SCHEME = Schemes.queryResult;

export function queryResultUri(record: Pick<QueryRecord, 'env' | 'id' | 'name'>): vscode.Uri {
  return vscode.Uri.from({ scheme: QUERY_RESULT_SCHEME, path: joinSegments([record.env, record.id, `${record.name}-result.json`]) });
}

/** The run id a result document shows. */
export function queryResultId(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== QUERY_RESULT_SCHEME) return undefined;
  const parts = splitSegments(uri.path);
  return parts.length === 3 ? parts[1] : undefined;
}

/** Serves runs of this session, and older ones from the history (documents restored after a reload). */
export class QueryResultProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly recent = new Map<string, QueryRecord>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly lookup: (id: string) => QueryRecord | undefined) {}

  /** Keeps a run for its document (a new one, or more pages of one already open). */
  put(record: QueryRecord): vscode.Uri {
    this.recent.delete(record.id);
    this.recent.set(record.id, record);
    if (this.recent.size > 50) this.recent.delete(this.recent.keys().next().value as string);
    const uri = queryResultUri(record);
    this.changed.fire(uri);
    return uri;
  }

  record(uri: vscode.Uri): QueryRecord | undefined {
    const id = queryResultId(uri);
    return id === undefined ? undefined : (this.recent.get(id) ?? this.lookup(id));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const record = this.record(uri);
    if (!record) return jsoncDocument([vscode.l10n.t('This result is no longer available: it has left the query history.')]);
    return renderQueryRecord(record, { t: vscode.l10n.t, language: vscode.env.language });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
