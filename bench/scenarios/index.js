import currencyHotShop from './currency-hot-shop.js';
import currencyPayments from './currency-payments.js';
import disasterNearest from './disaster-nearest.js';
import disasterReports from './disaster-reports.js';
import healthz from './healthz.js';
import linkageRead from './linkage-read.js';
import readyz from './readyz.js';
import tokenAuthorizationCode from './token-authorization-code.js';
import tokenClientCredentials from './token-client-credentials.js';

/**
 * @typedef {{ method?: string, path: string, headers?: Record<string, string>, body?: string, setupRequest?: (request: { body?: string }) => { body?: string } }} BenchRequest
 *   One request of the sequence each connection repeats (autocannon's `requests` entries; `setupRequest` varies each one, e.g. a new id).
 * @typedef {object} Load
 * @property {BenchRequest[]} requests
 * @property {Record<string, string>} [headers]
 * @property {(signal: AbortSignal) => Promise<void>} [during]  side load running beside the measured run (e.g. withdrawals)
 * @property {(measured: { ops_per_s: number }) => Promise<Record<string, unknown>>} [check]  after the run, given its figure: figures to add to the line (e.g. invariant checks)
 * @typedef {{ url: string, databaseUrl?: string, connections: number }} RunningServer
 *   databaseUrl: the bench's own PostgreSQL database (unset on PGlite), for setup rows and after-run checks;
 *   connections: the run's concurrent connections, with which a floor is loaded too
 * @typedef {{ p50_ms?: number, p99_ms?: number, ops_per_s?: number, rss_mb?: number }} Limits
 *   Numbers behind a target: latencies and memory are ceilings, ops_per_s is a floor.
 * @typedef {object} Scenario
 * @property {string} name            what `npm run bench -- <name>` takes
 * @property {string} description     one line: what the load is
 * @property {string} target          the target in words, citing the issue that sets it
 * @property {Limits} [limits]        when present, each figure says whether it met them
 * @property {Record<string, string>} [env]  extra environment for the server (e.g. OPERATOR_TOKEN)
 * @property {BenchRequest[]} [requests]  a fixed load; or else
 * @property {(server: RunningServer) => Promise<Load>} [setup]  prepares the load against the fresh server (log in, create rows)
 * @property {number} [connections]  concurrent connections when `--connections` is not given (32 otherwise)
 * @property {boolean} [analyze]  setup builds city-sized tables (thousands of rows): refresh the planner's statistics after it (PostgreSQL)
 * @property {boolean} [atRate]  after the measured run, also send the load at the target rate (`limits.ops_per_s`) as an open load and report its latency (bench/rate.js)
 */

/** Every scenario, in the order `npm run bench` runs them. Add new ones here. */
export const SCENARIOS = /** @type {Scenario[]} */ ([
  healthz,
  readyz,
  linkageRead,
  tokenClientCredentials,
  tokenAuthorizationCode,
  currencyPayments,
  currencyHotShop,
  disasterReports,
  disasterNearest,
]);

/** @param {string} name */
export function findScenario(name) {
  return SCENARIOS.find((scenario) => scenario.name === name);
}

/**
 * Whether a figure met the scenario's limits; undefined when the scenario sets none.
 * @param {Limits | undefined} limits
 * @param {{ p50_ms: number, p99_ms: number, ops_per_s: number, rss_mb: number }} figure
 */
export function targetMet(limits, figure) {
  if (!limits) return undefined;
  const ceilings = /** @type {const} */ (['p50_ms', 'p99_ms', 'rss_mb']);
  return (
    ceilings.every((key) => limits[key] === undefined || figure[key] <= limits[key]) &&
    (limits.ops_per_s === undefined || figure.ops_per_s >= limits.ops_per_s)
  );
}
