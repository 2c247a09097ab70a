import type * as vscode from 'vscode';

/** Where and when a run (an invocation, a query) happened: what every kept record starts with. */
export interface RunRecord {
  id: string;
  /** Epoch milliseconds when it was sent. */
  time: number;
  connectionId: string;
  connectionName: string;
  scopeKey: string;
  env: string;
}

/**
 * Recent runs in global state, newest first, at most `size()` per group (a function, an
 * environment), so they survive a restart. No copy in memory: a history re-created after a
 * reload reads exactly what was saved.
 */
export class RecordHistory<T extends RunRecord> {
  constructor(
    readonly memento: vscode.Memento,
    private readonly stateKey: string,
    /** How many to keep per group (`wxcloud.history.size`); 0 keeps none. */
    private readonly size: () => number,
    private readonly groupOf: (record: T) => string,
    /** What is kept of a record: a large answer cut down. */
    private readonly shrink: (record: T) => T = (record) => record,
  ) {}

  all(): T[] {
    return [...this.memento.get<T[]>(this.stateKey, [])].sort((a, b) => b.time - a.time);
  }

  get(id: string): T | undefined {
    return this.all().find((r) => r.id === id);
  }

  /** Adds a record, or replaces the one with its id. */
  async put(record: T): Promise<void> {
    const size = Math.max(0, Math.floor(this.size()));
    const kept = [this.shrink(record), ...this.all().filter((r) => r.id !== record.id)];
    const perGroup = new Map<string, number>();
    const next = kept.filter((r) => {
      const key = this.groupOf(r);
      const n = (perGroup.get(key) ?? 0) + 1;
      perGroup.set(key, n);
      return n <= size;
    });
    await this.memento.update(this.stateKey, next);
  }
}
