import * as vscode from 'vscode';
import { Schemes } from '../documents/schemes';
import { renderRecord, type InvokeRecord } from './invokeRecord';
import { joinSegments, splitSegments } from '../documents/pathCodec';
import { jsoncDocument } from '../documents/jsoncText';

/** One invocation's result, read-only: `wxcloud-result:/<remote|local>/<env>/<fn>/<id>/<fn>-result.json`. */
export const RESULT_SCHEME = Schemes.result;

export interface ResultDocumentKey {
  id: string;
  env: string;
  functionName: string;
  target: 'remote' | 'local';
}

function fileName(key: Pick<ResultDocumentKey, 'functionName' | 'target'>): string {
  return key.target === 'local' ? `${key.functionName}-local-result.json` : `${key.functionName}-result.json`;
}

export function toUri(key: ResultDocumentKey): vscode.Uri {
  return vscode.Uri.from({ scheme: RESULT_SCHEME, path: joinSegments([key.target, key.env, key.functionName, key.id, fileName(key)]) });
}

export function fromUri(uri: vscode.Uri): ResultDocumentKey | undefined {
  if (uri.scheme !== RESULT_SCHEME) return undefined;
  const parts = splitSegments(uri.path);
  if (parts.length !== 5) return undefined;
  const [target, env, functionName, id, file] = parts as [string, string, string, string, string];
  if (target !== 'remote' && target !== 'local') return undefined;
  if (file !== fileName({ functionName, target })) return undefined;
  return { id, env, functionName, target };
}

export function recordUri(record: InvokeRecord): vscode.Uri {
  return toUri({ id: record.id, env: record.env, functionName: record.functionName, target: record.target });
}

/** Serves results of this session, and older ones from the history (documents restored after a reload). */
export class ResultDocumentProvider implements vscode.TextDocumentContentProvider {
  private readonly recent = new Map<string, InvokeRecord>();

  constructor(private readonly lookup: (id: string) => InvokeRecord | undefined) {}

  /** Keeps a record for its document and returns the document's address. */
  put(record: InvokeRecord): vscode.Uri {
    this.recent.set(record.id, record);
    // Only the latest few stay in memory; older ones are read from the history.
    if (this.recent.size > 50) this.recent.delete(this.recent.keys().next().value as string);
    return recordUri(record);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const key = fromUri(uri);
    const record = key && (this.recent.get(key.id) ?? this.lookup(key.id));
    if (!record) return jsoncDocument([vscode.l10n.t('This result is no longer available: it has left the invocation history.')]);
    return renderRecord(record);
  }
}
