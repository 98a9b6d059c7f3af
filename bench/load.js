import autocannon from 'autocannon';

/**
 * What one autocannon run measured. Latencies are of 2xx responses only, as autocannon counts them.
 * @typedef {object} LoadResult
 * @property {number} durationS  as measured, a little over the requested duration
 * @property {number} completed  responses of any status
 * @property {number} ok         2xx responses
 * @property {number} non2xx
 * @property {number} errors     socket errors and timeouts
 * @property {Record<string, number>} statuses  responses per status code
 * @property {number[]} latenciesMs  of the 2xx responses, sorted
 */

/**
 * Fires `load` at `url` over `connections` keep-alive connections for `durationS` seconds.
 * Latencies are recorded here at sub-millisecond resolution (autocannon's own histogram keeps whole ms).
 * @param {{ url: string, load: import('./scenarios/index.js').Load, connections: number, durationS: number, signal: AbortSignal }} options
 * @returns {Promise<LoadResult>}
 */
export async function fire({ url, load, connections, durationS, signal }) {
  signal.throwIfAborted();
  /** @type {number[]} */
  const latencies = [];
  const instance = autocannon({ url, connections, duration: durationS, requests: load.requests, headers: load.headers ?? {} });
  instance.on('response', (/** @type {unknown} */ _client, /** @type {number} */ status, /** @type {number} */ _bytes, /** @type {number} */ ms) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const stop = () => instance.stop();
  signal.addEventListener('abort', stop, { once: true });
  try {
    const result = await instance;
    signal.throwIfAborted();
    /** @type {Record<string, number>} */
    const statuses = {};
    for (const [code, stat] of Object.entries(result.statusCodeStats)) statuses[code] = stat.count;
    return {
      durationS: result.duration,
      completed: result['2xx'] + result.non2xx,
      ok: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors, // timeouts included
      statuses,
      latenciesMs: latencies.sort((a, b) => a - b),
    };
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

/**
 * Nearest-rank percentile of sorted values.
 * @param {number[]} sorted
 * @param {number} p  0 < p ≤ 100
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return /** @type {number} */ (sorted[rank - 1]);
}
