// Successful reads, kept for a short time so that expanding a tree twice does not ask twice.
// A generation counter stops a request that started before `invalidate` from storing its
// (possibly stale) answer after it.

interface Entry {
  value: unknown;
  expiresAt: number;
}

export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): unknown {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** The generation to pass to `set` for work that starts now. */
  get currentGeneration(): number {
    return this.generation;
  }

  set(key: string, value: unknown, ttlMs: number, startedInGeneration: number): void {
    if (ttlMs <= 0 || startedInGeneration !== this.generation) return;
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
  }

  /** Drops every entry whose key starts with `prefix` (all when omitted). */
  invalidate(prefix = ''): void {
    this.generation++;
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
