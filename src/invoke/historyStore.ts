import type * as vscode from 'vscode';
import { RecordHistory } from '../editor/recordHistory';
import type { InvokeRecord } from './invokeRecord';

/** A record's answer is kept up to this many characters, so global state stays small. */
const MAX_KEPT_CHARS = 100_000;

/** Recent invocations per function (environment + function name), newest first, kept across restarts. */
export class HistoryStore extends RecordHistory<InvokeRecord> {
  constructor(memento: vscode.Memento, size: () => number) {
    super(memento, 'wxcloud.invokeHistory', size, (r) => `${r.env}\n${r.functionName}`, shrink);
  }

  forFunction(env: string, functionName: string): InvokeRecord[] {
    return this.all().filter((r) => r.env === env && r.functionName === functionName);
  }

  add(record: InvokeRecord): Promise<void> {
    return this.put(record);
  }
}

function shrink(record: InvokeRecord): InvokeRecord {
  const o = record.outcome;
  if (o.kind !== 'ok' || o.raw.length <= MAX_KEPT_CHARS) return record;
  // Cut answers are no longer JSON; they are shown as text.
  return { ...record, outcome: { ...o, raw: o.raw.slice(0, MAX_KEPT_CHARS) + '…', parsed: false } };
}
