import { DEFAULT_LIST_CONCURRENCY } from '../../core/client';
import type { AuthorizerProfile } from '../../core/types';

/** What is known of one mini program's name: its profile, or why it could not be read. */
export type NameResult = { profile: AuthorizerProfile; error?: undefined } | { profile?: undefined; error: unknown };

/**
 * The names of a platform's authorized mini programs, read one `api_get_authorizer_info`
 * each, at most `concurrency` at once, in the order asked (the rows on top first), and kept
 * for the session. A failure is kept for that mini program only. `clear()` (a refresh)
 * forgets everything but the names to show until they are read again, and the reads still
 * queued from before it are dropped.
 */
export class AuthorizerNames {
  private readonly known = new Map<string, NameResult>();
  /** What was known before the last refresh: shown until the new read arrives, never read from. */
  private previous = new Map<string, NameResult>();
  private readonly pending = new Map<string, Promise<NameResult>>();
  private readonly queue: Array<() => void> = [];
  private running = 0;
  private generation = 0;

  constructor(
    private readonly read: (appid: string) => Promise<AuthorizerProfile>,
    readonly concurrency = DEFAULT_LIST_CONCURRENCY,
  ) {}

  /** What is known now, without reading. */
  peek(appid: string): NameResult | undefined {
    return this.known.get(appid);
  }

  /** What to show while the name is read again after a refresh: the current result, else the one before the refresh. */
  lastKnown(appid: string): NameResult | undefined {
    return this.known.get(appid) ?? this.previous.get(appid);
  }

  /** The name of one mini program: known, being read, or queued behind the ones asked for before. */
  get(appid: string): Promise<NameResult> {
    const known = this.known.get(appid);
    if (known) return Promise.resolve(known);
    let pending = this.pending.get(appid);
    if (!pending) {
      pending = this.enqueue(appid, this.generation);
      this.pending.set(appid, pending);
    }
    return pending;
  }

  clear(): void {
    this.generation++;
    for (const [appid, result] of this.known) if (result.profile) this.previous.set(appid, result);
    this.known.clear();
    this.pending.clear();
  }

  private enqueue(appid: string, generation: number): Promise<NameResult> {
    return new Promise<NameResult>((resolve) => {
      this.queue.push(() => {
        // Asked for before a refresh: the new list asks again for the rows it shows.
        if (generation !== this.generation) {
          resolve({ error: new Error('superseded by a refresh') });
          this.next();
          return;
        }
        this.running++;
        this.read(appid)
          .then(
            (profile): NameResult => ({ profile }),
            (error: unknown): NameResult => ({ error }),
          )
          .then((result) => {
            this.running--;
            if (generation === this.generation) {
              this.known.set(appid, result);
              this.pending.delete(appid);
            }
            resolve(result);
            this.next();
          });
      });
      this.next();
    });
  }

  private next(): void {
    while (this.running < this.concurrency && this.queue.length > 0) this.queue.shift()!();
  }
}
