import http from 'node:http';
import { percentile } from './load.js';

/**
 * @typedef {object} RateResult
 * @property {number} offered     requests a second the run sent, on schedule
 * @property {number} sent        requests whose scheduled time fell in the measured part
 * @property {number} ok          of those, answered 2xx
 * @property {number} failed      of those, answered otherwise, failed or not answered in time
 * @property {number[]} latenciesMs  of the 2xx ones, from the time each was due to be sent, sorted
 */

/** Most connections the load opens unless told; a request due while all are busy waits, and the wait counts. */
const MAX_CONNECTIONS = 512;
/** How long to wait, after the last request was due, for the answers still out. */
const DRAIN_MS = 60_000;

/**
 * An open load: sends `load`'s requests to `url` at a steady `rate` a second, each at its own
 * time, whether or not earlier ones were answered, for `warmupS` and then `durationS` seconds.
 * Unlike `fire` (a closed load, where each connection waits for its answer before it asks
 * again, so the server's speed sets the pace and the latency follows from the number of
 * connections), this measures the latency of a given rate. Each latency counts from the time the
 * request was due, so a late send (a busy client, every connection taken) counts too, not only
 * the time the server took once it had the request (no coordinated omission).
 * @param {{ url: string, load: import('./scenarios/index.js').Load, rate: number, durationS: number, warmupS: number, signal: AbortSignal, connections?: number }} options
 * @returns {Promise<RateResult>}
 */
export async function fireAtRate({ url, load, rate, durationS, warmupS, signal, connections = MAX_CONNECTIONS }) {
  signal.throwIfAborted();
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * (warmupS + durationS));
  const measuredFrom = Math.round(rate * warmupS);
  /** @type {{ due: number, done: number, ok: boolean }[]} */
  const outcomes = [];
  let answered = 0;
  /** @type {() => void} */
  let allAnswered = () => undefined;
  const finished = new Promise((resolve) => {
    allAnswered = () => resolve(undefined);
  });

  /** @param {number} i  @param {number} due */
  const send = (i, due) => {
    const template = load.requests[i % load.requests.length] ?? {};
    /** @type {Record<string, any>} */
    const request = template.setupRequest ? template.setupRequest({ ...template }) : template;
    let recorded = false;
    const record = (/** @type {boolean} */ ok) => {
      if (recorded) return;
      recorded = true;
      if (i >= measuredFrom) outcomes.push({ due, done: performance.now(), ok });
      if (++answered === total) allAnswered();
    };
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: request.method ?? 'GET',
        path: request.path ?? '/',
        headers: { ...load.headers, ...request.headers },
      },
      (response) => {
        response.resume();
        response.on('end', () => record((response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300));
        response.on('error', () => record(false));
      },
    );
    req.on('error', () => record(false));
    req.end(request.body);
  };

  const start = performance.now() + 20;
  let sent = 0;
  const ticker = setInterval(() => {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000));
    for (; sent < due; sent++) send(sent, start + (sent * 1000) / rate);
    if (sent >= total) clearInterval(ticker);
  }, 1);
  const stop = () => {
    clearInterval(ticker);
    allAnswered();
  };
  signal.addEventListener('abort', stop, { once: true });
  try {
    const drained = new Promise((resolve) => setTimeout(resolve, (warmupS + durationS) * 1000 + DRAIN_MS).unref());
    await Promise.race([finished, drained]);
    signal.throwIfAborted();
  } finally {
    clearInterval(ticker);
    signal.removeEventListener('abort', stop);
    agent.destroy();
  }
  const measured = total - measuredFrom;
  const ok = outcomes.filter((o) => o.ok);
  return {
    offered: rate,
    sent: measured,
    ok: ok.length,
    failed: measured - ok.length,
    latenciesMs: ok.map((o) => o.done - o.due).sort((a, b) => a - b),
  };
}

/**
 * The figures of an open load at the scenario's target rate, and whether the target's latency held.
 * @param {RateResult} result
 * @param {number | undefined} p99Limit
 */
export function rateFigures(result, p99Limit) {
  const p99 = percentile(result.latenciesMs, 99);
  const round2 = (/** @type {number} */ x) => Math.round(x * 100) / 100;
  return {
    at_rate_offered_per_s: result.offered,
    at_rate_ok: result.ok,
    at_rate_failed: result.failed,
    at_rate_p50_ms: round2(percentile(result.latenciesMs, 50)),
    at_rate_p99_ms: round2(p99),
    at_rate_max_ms: round2(result.latenciesMs.at(-1) ?? Number.NaN),
    ...(p99Limit === undefined ? {} : { at_rate_met: result.failed === 0 && p99 <= p99Limit }),
  };
}
