// Identical work in flight runs once. Each caller waits with its own AbortSignal; the shared
// work is aborted only when every caller waiting on it has given up, so one cancelled
// caller never cancels the others, and a lone caller's cancel really stops the request.

import { raceSignal } from './abort';

interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiting: number;
}

export class SingleFlight<T> {
  private readonly flights = new Map<string, Flight<T>>();

  /**
   * Joins the work running under `key`, or starts `work` when none is. With `join: false`
   * new work always starts (and later callers join it instead of the older one).
   */
  run(key: string, work: (signal: AbortSignal) => Promise<T>, options: { signal?: AbortSignal; onAbort: () => Error; join?: boolean }): Promise<T> {
    const { signal, onAbort } = options;
    if (signal?.aborted) return Promise.reject(onAbort());
    let flight = options.join === false ? undefined : this.flights.get(key);
    if (!flight) {
      const controller = new AbortController();
      const started: Flight<T> = { controller, waiting: 0, promise: Promise.resolve() as Promise<T> };
      started.promise = work(controller.signal).finally(() => {
        if (this.flights.get(key) === started) this.flights.delete(key);
      });
      // Callers that gave up leave the rejection unobserved; it is theirs to ignore.
      started.promise.catch(() => undefined);
      this.flights.set(key, started);
      flight = started;
    }
    const joined = flight;
    joined.waiting++;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      joined.waiting--;
    };
    const abandon = () => {
      leave();
      if (joined.waiting === 0) {
        joined.controller.abort();
        if (this.flights.get(key) === joined) this.flights.delete(key);
      }
      return onAbort();
    };
    return raceSignal(joined.promise, signal, abandon).finally(leave);
  }
}
