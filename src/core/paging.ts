// Reading every page of a list: the first page tells the total, the rest are fetched
// concurrently within a limit, and the results are returned in order.

export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

export interface Page<T> {
  total: number;
  items: T[];
}

export async function readAllPages<T>(fetchPage: (offset: number, limit: number) => Promise<Page<T>>, pageSize: number, concurrency: number): Promise<Page<T>> {
  const first = await fetchPage(0, pageSize);
  // If the server capped the page below what we asked for, step by what it gave instead,
  // or the offsets in between would be skipped.
  const step = first.items.length > 0 && first.items.length < pageSize ? first.items.length : pageSize;
  const offsets: number[] = [];
  for (let offset = first.items.length; offset < first.total && first.items.length > 0; offset += step) offsets.push(offset);
  const rest = await mapWithConcurrency(offsets, concurrency, (offset) => fetchPage(offset, pageSize));
  return { total: first.total, items: [first.items, ...rest.map((page) => page.items)].flat() };
}
