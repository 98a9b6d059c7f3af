// The part the payment floors share: an HTTP server whose payments queue while a batch commits
// and form the next batch, one transaction, with every answer sent after the commit. One batch is
// in flight at a time (two or four measured slower here: shops' rows wait on each other).
import http from 'node:http';

/** @typedef {{ from: number, to: number, amount: number, key: string }} Payment */

/**
 * Listens on a free port of 127.0.0.1, prints it, and stops on SIGTERM.
 * @param {{
 *   name: string,
 *   pool: import('pg').Pool,
 *   payment: (req: import('node:http').IncomingMessage, body: { from?: number, to: number, amount: number }) => Payment | undefined,
 *   write: (client: import('pg').PoolClient, batch: Payment[]) => Promise<{ ok: boolean }[]>,
 *   failed?: (batch: Payment[]) => void,
 * }} o  `payment`: the request as a payment, or undefined to answer 401; `write`: decides and
 *   writes a batch inside its transaction, and says which payments went through; `failed`:
 *   called when a batch rolled back
 */
export function serveGroupCommitted(o) {
  /** @type {(Payment & { resolve: (status: number) => void })[]} */
  let queue = [];
  /** @type {Promise<void> | undefined} the batches running now, until the queue is empty */
  let draining;

  async function runBatch(/** @type {typeof queue} */ batch) {
    const client = await o.pool.connect();
    try {
      await client.query('begin');
      const done = await o.write(client, batch);
      await client.query('commit');
      batch.forEach((p, i) => p.resolve(done[i]?.ok ? 201 : 409));
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      o.failed?.(batch);
      for (const p of batch) p.resolve(500);
      process.stderr.write(`${o.name}: ${err}\n`);
    } finally {
      client.release();
    }
  }

  async function drain() {
    while (queue.length > 0) await runBatch(queue.splice(0, 500));
    draining = undefined;
  }

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const payment = o.payment(req, JSON.parse(body));
      if (payment === undefined) {
        res.writeHead(401).end();
        return;
      }
      new Promise((resolve) => {
        queue.push({ ...payment, resolve });
        draining ??= drain();
      }).then((status) => {
        res.writeHead(/** @type {number} */ (status), { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status }));
      });
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${/** @type {import('node:net').AddressInfo} */ (server.address()).port}\n`));
  // The load stops by killing this process, so payments may still be queued: the pool ends only
  // once the last batch has committed (ending it sooner made the next batch throw).
  process.on('SIGTERM', () => {
    server.close();
    void Promise.resolve(draining)
      .then(() => o.pool.end())
      .then(() => process.exit(0));
  });
}
