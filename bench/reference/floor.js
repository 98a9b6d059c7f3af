// Floors: the same load against a server that does only what the requirement cannot do without
// (node:http and pg, no framework), in its own process on the bench's database. What such a
// server reaches is what this machine gives any implementation; the scenarios print it beside
// Tsunagu's figure.
import { randomUUID } from 'node:crypto';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { cpuMeter } from '../cpu.js';
import { fire, percentile } from '../load.js';

const CITIZENS = 100;
const WALLETS = 10_000;
const SHOPS = 20;

/**
 * Starts `script` (in this folder) with its arguments, loads it for `seconds` after a second's
 * warm-up, and stops it.
 * @param {{ script: string, args: string[], requests: import('../scenarios/index.js').BenchRequest[], connections: number, seconds: number }} o
 * @returns {Promise<{ ops_per_s: number, p99_ms: number, cpu_us_per_op: number | undefined }>}
 */
async function measureFloor(o) {
  const child = spawn(process.execPath, [fileURLToPath(new URL(o.script, import.meta.url)), ...o.args], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const exited = once(child, 'exit').then(([code]) => {
      throw new Error(`${o.script} exited (${code}) before it listened`);
    });
    const [chunk] = /** @type {[Buffer]} */ (
      await Promise.race([once(/** @type {import('node:stream').Readable} */ (child.stdout), 'data'), exited])
    );
    const url = `http://127.0.0.1:${Number(chunk.toString().trim())}`;
    const signal = new AbortController().signal;
    const load = { requests: o.requests };
    await fire({ url, load, connections: o.connections, durationS: 1, signal });
    const cpu = cpuMeter(child.pid ?? -1);
    const result = await fire({ url, load, connections: o.connections, durationS: o.seconds, signal });
    const used = cpu.stop();
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${o.script} answered ${result.non2xx} non-2xx and ${result.errors} errors`);
    return {
      ops_per_s: Math.round(result.ok / result.durationS),
      p99_ms: Math.round(percentile(result.latenciesMs, 99) * 100) / 100,
      // the whole machine's CPU time per response, as `cpu_us_per_op` in the scenarios' figures
      cpu_us_per_op: used && result.ok > 0 ? Math.round(used.machineUs / result.ok) : undefined,
    };
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }
}

/**
 * Consent-checked, logged reads (linkage-floor.js), one bearer token per citizen.
 * @param {string} databaseUrl
 * @param {{ connections: number, seconds: number }} o
 */
export function measureLinkageFloor(databaseUrl, o) {
  const requests = Array.from({ length: CITIZENS }, (_, i) => ({ method: 'GET', path: '/', headers: { authorization: `Bearer token-${i + 1}` } }));
  return measureFloor({ script: './linkage-floor.js', args: [databaseUrl, String(CITIZENS)], requests, ...o });
}

/**
 * Group-committed payments (payment-floor.js) from random wallets to a random shop, or all to one.
 * @param {string} databaseUrl
 * @param {{ connections: number, seconds: number, hot: boolean }} o
 */
export function measurePaymentFloor(databaseUrl, o) {
  return measureFloor({ script: './payment-floor.js', args: [databaseUrl, String(WALLETS), String(SHOPS)], requests: payments(o, false), ...o });
}

/**
 * The same payments with everything issue 4 asks of each (issue-floor.js): a signed-in payer,
 * the shop's capped fee, and the result written to linkage under the payer's opt-in with a
 * hash-chained access-log entry, in the payment's transaction.
 * @param {string} databaseUrl
 * @param {{ connections: number, seconds: number, hot: boolean }} o
 */
export function measureIssueFloor(databaseUrl, o) {
  return measureFloor({ script: './issue-floor.js', args: [databaseUrl, String(WALLETS), String(SHOPS)], requests: payments(o, true), ...o });
}

/**
 * A random wallet pays a random shop, or always the first; `session`: the payer is named by a
 * session cookie, as a signed-in person is, instead of in the body.
 * @param {{ hot: boolean }} o
 * @param {boolean} session
 * @returns {import('../scenarios/index.js').BenchRequest[]}
 */
function payments(o, session) {
  return [
    {
      method: 'POST',
      path: '/',
      /** @param {Record<string, unknown>} request */
      setupRequest: (request) => {
        const from = SHOPS + Math.floor(Math.random() * WALLETS);
        const to = o.hot ? 0 : Math.floor(Math.random() * SHOPS);
        const amount = 1 + Math.floor(Math.random() * 500);
        return {
          ...request,
          headers: {
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
            ...(session ? { cookie: `session=session-${from}` } : {}),
          },
          body: JSON.stringify(session ? { to, amount } : { from, to, amount }),
        };
      },
    },
  ];
}
