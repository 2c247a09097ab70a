import type * as vscode from 'vscode';
import type { InvokeRecord } from './invokeRecord';

const stateKey = 'wxcloud.invokeHistory';
/** A record's answer is kept up to this many characters, so global state stays small. */
const MAX_KEPT_CHARS = 100_000;

/**
 * Recent invocations per function (environment + function name), newest first, in global
 * state so they survive a restart. It holds no copy in memory: a store re-created after a
 * reload reads exactly what was saved.
 */
export class HistoryStore {
  constructor(
    readonly memento: vscode.Memento,
    /** How many to keep per function (`wxcloud.history.size`); 0 keeps none. */
    private readonly size: () => number,
  ) {}

  all(): InvokeRecord[] {
    return [...this.memento.get<InvokeRecord[]>(stateKey, [])].sort((a, b) => b.time - a.time);
  }

  forFunction(env: string, functionName: string): InvokeRecord[] {
    return this.all().filter((r) => r.env === env && r.functionName === functionName);
  }

  get(id: string): InvokeRecord | undefined {
    return this.all().find((r) => r.id === id);
  }

  async add(record: InvokeRecord): Promise<void> {
    const size = Math.max(0, Math.floor(this.size()));
    const kept = [shrink(record), ...this.all()];
    const perFunction = new Map<string, number>();
    const next = kept.filter((r) => {
      const key = `${r.env}\n${r.functionName}`;
      const n = (perFunction.get(key) ?? 0) + 1;
      perFunction.set(key, n);
      return n <= size;
    });
    await this.memento.update(stateKey, next);
  }
}

function shrink(record: InvokeRecord): InvokeRecord {
  const o = record.outcome;
  if (o.kind !== 'ok' || o.raw.length <= MAX_KEPT_CHARS) return record;
  // Cut answers are no longer JSON; they are shown as text.
  return { ...record, outcome: { ...o, raw: o.raw.slice(0, MAX_KEPT_CHARS) + '…', parsed: false } };
}
