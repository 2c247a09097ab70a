// The `syntheticDocuments` collection: many documents for benchmarks and index tests.
import type { Doc } from './mingo';

/** Generated documents for benchmarks: deterministic, with a few types to query on. */
export function syntheticDocs(n: number): Doc[] {
  const docs: Doc[] = [];
  const base = Date.UTC(2025, 0, 1);
  for (let i = 0; i < n; i++) {
    docs.push({
      _id: i.toString(16).padStart(32, '0'),
      n: i,
      group: `g${i % 10}`,
      title: `Item ${i}`,
      done: i % 3 === 0,
      tags: [`t${i % 7}`, `t${i % 5}`],
      created: new Date(base + i * 60_000),
    });
  }
  return docs;
}
