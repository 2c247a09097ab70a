import type * as vscode from 'vscode';
import { RecordHistory } from '../../editor/recordHistory';
import type { QueryRecord } from './queryRecord';

/** Documents are kept up to this many characters per run, so global state stays small. */
const MAX_KEPT_CHARS = 100_000;

/** Recent query runs per environment, newest first, kept across restarts; Load more replaces a run with its longer self. */
export class QueryHistory extends RecordHistory<QueryRecord> {
  constructor(memento: vscode.Memento, size: () => number) {
    super(memento, 'wxcloud.queryHistory', size, (r) => r.env, shrink);
  }

  forEnvironment(env: string): QueryRecord[] {
    return this.all().filter((r) => r.env === env);
  }
}

function shrink(record: QueryRecord): QueryRecord {
  const o = record.outcome;
  if (o.kind !== 'ok' || !o.documents || JSON.stringify(o.documents).length <= MAX_KEPT_CHARS) return record;
  return { ...record, outcome: { ...o, documents: [], cut: true } };
}
