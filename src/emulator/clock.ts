// Time as the emulator reads it: token expiry, function timeouts and idle reaping all go
// through one clock, so a test can move time instead of waiting for it.

export type TimerHandle = { readonly __timer: unique symbol };

export interface Clock {
  now(): number;
  /** Calls `fn` once after `ms`; must not keep the process alive on its own. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref() as unknown as TimerHandle,
  clearTimeout: (handle) => clearTimeout(handle as unknown as NodeJS.Timeout),
};
