/**
 * Runs `work` over `items`, at most `concurrency` at once, taking them in order; the results
 * keep the items' order. Once `signal` aborts, items not yet started get `skipped(item)`.
 */
export async function pool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
  skipped: (item: T) => R,
  signal?: AbortSignal,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) {
      const item = items[index] as T;
      results[index] = signal?.aborted ? skipped(item) : await work(item, index);
    }
  };
  const workers = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
