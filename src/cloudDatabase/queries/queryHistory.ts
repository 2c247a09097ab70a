import type * as vscode from 'vscode';
import type { QueryRecord } from './queryRecord';

const stateKey = 'wxcloud.queryHistory';
/** Documents are kept up to this many characters per run, so global state stays small. */
const MAX_KEPT_CHARS = 100_000;

/**
 * Recent query runs per environment, newest first, in global state so they survive a
 * restart. No copy in memory: a store re-created after a reload reads what was saved.
 */
export class QueryHistory {
  constructor(
    readonly memento: vscode.Memento,
    /** How many to keep per environment (`wxcloud.history.size`); 0 keeps none. */
    private readonly size: () => number,
  ) {}

  all(): QueryRecord[] {
    return [...this.memento.get<QueryRecord[]>(stateKey, [])].sort((a, b) => b.time - a.time);
  }

  forEnvironment(env: string): QueryRecord[] {
    return this.all().filter((r) => r.env === env);
  }

  get(id: string): QueryRecord | undefined {
    return this.all().find((r) => r.id === id);
  }

  /** Adds a run, or replaces it when Load more added pages to it. */
  async put(record: QueryRecord): Promise<void> {
    const size = Math.max(0, Math.floor(this.size()));
    const kept = [shrink(record), ...this.all().filter((r) => r.id !== record.id)];
    const perEnv = new Map<string, number>();
    const next = kept.filter((r) => {
      const n = (perEnv.get(r.env) ?? 0) + 1;
      perEnv.set(r.env, n);
      return n <= size;
    });
    await this.memento.update(stateKey, next);
  }
}

function shrink(record: QueryRecord): QueryRecord {
  const o = record.outcome;
  if (o.kind !== 'ok' || !o.documents || JSON.stringify(o.documents).length <= MAX_KEPT_CHARS) return record;
  return { ...record, outcome: { ...o, documents: [], cut: true } };
}
