// Small statistics shared by the Node-side and the in-editor benchmarks.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Rounds for printing and JSON: enough digits to compare runs, no float noise. */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/**
 * Times `client` and `bare` `iterations` times each, interleaved and alternating which goes
 * first, so drift on the machine hits both alike. Answers each one's samples in ms.
 */
export async function timedPairs(client: () => Promise<unknown>, bare: () => Promise<unknown>, iterations: number): Promise<{ client: number[]; bare: number[] }> {
  const samples = { client: [] as number[], bare: [] as number[] };
  for (let i = 0; i < iterations; i++) {
    const order: Array<['client' | 'bare', () => Promise<unknown>]> = i % 2 === 0 ? [['client', client], ['bare', bare]] : [['bare', bare], ['client', client]];
    for (const [which, work] of order) samples[which].push((await timed(work)).ms);
  }
  return samples;
}
