/**
 * Calls gathered into batches run one at a time: the calls made until the event loop's turn
 * ends, and those made while a batch runs, go in the next batch (at most `max`). For statements
 * that serve many callers at once (group commit, `unnest … with ordinality` reads), fewer and
 * larger batches cost less than one per turn when the database is busy.
 */
export function oneBatchAtATime<T, R>(run: (items: T[]) => Promise<R[]>, max: number): (item: T) => Promise<R> {
  type Call = { item: T; resolve: (result: R) => void; reject: (err: unknown) => void };
  const pending: Call[] = [];
  let running = false;

  async function drain(): Promise<void> {
    while (pending.length > 0) {
      const batch = pending.splice(0, max);
      try {
        const results = await run(batch.map((c) => c.item));
        batch.forEach((c, i) => c.resolve(results[i] as R));
      } catch (err) {
        for (const c of batch) c.reject(err);
      }
      // Let the turn end first: what the finished batch's callers do next can join the next one.
      await new Promise((resolve) => setImmediate(resolve));
    }
    running = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (running) return;
      running = true;
      setImmediate(() => void drain());
    });
}
