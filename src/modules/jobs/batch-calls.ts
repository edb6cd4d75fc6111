/**
 * Group commit (and batched loading): returns a function whose calls are collected and handed to
 * `run` together. The calls made before the event loop's next turn (or within `delayMs`) form the
 * first group; calls made while `run` works form the next one. Under load many rows share one statement; alone, a
 * call waits for one turn of the event loop. `run` returns one result per item (or nothing for
 * writes); a failed `run` rejects exactly the calls it carried.
 * @example const markDone = batchCalls((ids: string[]) => db.updateTable('jobs').set(…).where('id', 'in', ids).execute().then(() => {}));
 */
export function batchCalls<T, R = void>(run: (items: T[]) => Promise<R[] | void>, opts: { max?: number; delayMs?: number } = {}): (item: T) => Promise<R> {
  const max = opts.max ?? 500;
  let pending: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let busy = false;
  const flush = async () => {
    while (pending.length) {
      const group = pending.slice(0, max);
      pending = pending.slice(max);
      try {
        const results = await run(group.map((p) => p.item));
        group.forEach((p, i) => p.resolve((results ? results[i] : undefined) as R));
      } catch (e) {
        for (const p of group) p.reject(e);
      }
    }
    busy = false;
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (!busy) {
        busy = true;
        if (opts.delayMs) setTimeout(() => void flush(), opts.delayMs);
        else setImmediate(() => void flush());
      }
    });
}
