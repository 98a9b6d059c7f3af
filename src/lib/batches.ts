/**
 * Calls gathered into batches run one at a time: the calls made until the event loop's turn
 * ends, and those made while a batch runs, go in the next batch (at most `max`). For statements
 * that serve many callers at once (group commit, `unnest … with ordinality` reads), fewer and
 * larger batches cost less than one per turn when the database is busy. The next batch starts
 * as soon as one finishes, before its callers are answered, so the database works on it while
 * this process answers them.
 */
export function oneBatchAtATime<T, R>(run: (items: T[]) => Promise<R[]>, max: number): (item: T) => Promise<R> {
  type Call = { item: T; resolve: (result: R) => void; reject: (err: unknown) => void };
  const pending: Call[] = [];
  let running = false;

  const start = (batch: Call[]) => ({
    batch,
    // Started at once; the async wrapper turns a synchronous throw into this batch's failure.
    done: (async () => run(batch.map((c) => c.item)))().then(
      (results) => ({ results }),
      (error: unknown) => ({ error }),
    ),
  });

  const next = () => (pending.length > 0 ? start(pending.splice(0, max)) : undefined);

  async function drain(): Promise<void> {
    let current = next();
    while (current) {
      const outcome: { results?: R[]; error?: unknown } = await current.done;
      const finished = current.batch;
      current = next();
      if (outcome.results) {
        const results = outcome.results;
        finished.forEach((c, i) => c.resolve(results[i] as R));
      } else for (const c of finished) c.reject(outcome.error);
      if (!current) {
        // Let the turn end first: what the finished batch's callers do next can join the next one.
        await new Promise((resolve) => setImmediate(resolve));
        current = next();
      }
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
