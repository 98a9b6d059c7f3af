import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { provisionDatabase } from './database.js';
import { cpuMeter } from './cpu.js';
import { fire, percentile } from './load.js';
import { fireAtRate, rateFigures } from './rate.js';
import { rssMb, samplePeakRss } from './memory.js';
import { targetMet } from './scenarios/index.js';
import { startServer } from './server.js';

/**
 * @typedef {object} MeasureOptions
 * @property {import('./database.js').DatabaseKind} database
 * @property {number} [connections]  unset: the scenario's own default, else 32
 * @property {number} durationS
 * @property {number} warmupS
 * @property {number} startTimeoutS
 * @property {AbortSignal} signal
 */

/** Concurrent connections when neither the command line nor the scenario names a number. */
const DEFAULT_CONNECTIONS = 32;
const say = (/** @type {string} */ message) => process.stderr.write(`${message}\n`);
const round = (/** @type {number} */ value, /** @type {number} */ digits) => Number(value.toFixed(digits));

/**
 * Runs one scenario against a fresh server on a fresh database and returns its figure, the
 * object printed as one JSON line. Server and database are gone when it returns or throws.
 * @param {import('./scenarios/index.js').Scenario} scenario
 * @param {MeasureOptions} options
 */
export async function measure(scenario, options) {
  const { signal } = options;
  const connections = options.connections ?? scenario.connections ?? DEFAULT_CONNECTIONS;
  const log = (/** @type {string} */ message) => say(`${scenario.name}: ${message}`);
  const database = await provisionDatabase(options.database);
  try {
    log(`starting a server on ${database.label}…`);
    const startedAt = Date.now();
    const server = await startServer({ databaseEnv: { ...scenario.env, ...database.env }, startTimeoutMs: options.startTimeoutS * 1000, signal });
    try {
      log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (pid ${server.pid})`);
      const load = scenario.setup
        ? await scenario.setup({ url: server.url, databaseUrl: database.env.DATABASE_URL, connections })
        : { requests: scenario.requests ?? [] };
      if (load.requests.length === 0) throw new Error(`scenario ${scenario.name} has no requests`);
      // Such a setup fills tables from empty in seconds. A running city's autovacuum refreshes
      // the planner's statistics within a minute of such growth; until it does, plans made for
      // near-empty tables (a scan where an index lookup is due) would be measured instead.
      if (scenario.analyze) await database.analyze();
      const rssReady = rssMb(server.pid);
      if (options.warmupS > 0) {
        log(`warming up for ${options.warmupS} s…`);
        await fire({ url: server.url, load, connections, durationS: options.warmupS, signal });
      }
      log(`measuring for ${options.durationS} s over ${connections} connections…`);
      const rss = samplePeakRss(server.pid);
      const cpu = cpuMeter(server.pid);
      let rssPeak = rssReady;
      /** @type {ReturnType<ReturnType<typeof cpuMeter>['stop']>} */
      let cpuUsed;
      /** @type {import('./load.js').LoadResult} */
      let result;
      const stopSideLoad = new AbortController();
      const sideLoad = load.during?.(stopSideLoad.signal) ?? Promise.resolve();
      try {
        result = await fire({ url: server.url, load, connections, durationS: options.durationS, signal });
      } finally {
        cpuUsed = cpu.stop();
        rssPeak = rss.stop();
        stopSideLoad.abort();
        await sideLoad;
      }
      if (server.exited()) throw new Error(`the server died during the run. Its output:\n${server.output()}`);
      if (result.ok === 0) {
        throw new Error(
          `no 2xx responses (statuses ${JSON.stringify(result.statuses)}, ${result.errors} errors). Server output:\n${server.output()}`,
        );
      }
      if (result.non2xx > 0 || result.errors > 0) {
        log(`warning: ${result.non2xx} non-2xx responses ${JSON.stringify(result.statuses)}, ${result.errors} errors`);
      }
      const measured = figure(scenario, { ...options, connections }, database.kind, result, { peak: rssPeak, ready: rssReady }, cpuUsed);
      const rate = scenario.atRate ? scenario.limits?.ops_per_s : undefined;
      let atRate = {};
      if (rate !== undefined) {
        log(
          `sending ${rate} requests a second, each on time whether or not the last was answered (${options.warmupS} s, then ${options.durationS} s measured)…`,
        );
        const sent = await fireAtRate({ url: server.url, load, rate, durationS: options.durationS, warmupS: options.warmupS, signal });
        if (server.exited()) throw new Error(`the server died during the run at the target rate. Its output:\n${server.output()}`);
        atRate = rateFigures(sent, scenario.limits?.p99_ms);
      }
      return { ...measured, ...atRate, ...(load.check ? await load.check(measured) : {}) };
    } finally {
      await server.stop();
    }
  } finally {
    await database.dispose().catch((err) => say(`${scenario.name}: could not remove the bench database: ${err.message}`));
  }
}

/**
 * The six required fields first, then the context needed to compare figures honestly.
 * @param {import('./scenarios/index.js').Scenario} scenario
 * @param {MeasureOptions} options
 * @param {import('./database.js').DatabaseKind} database
 * @param {import('./load.js').LoadResult} result
 * @param {{ peak: number, ready: number }} rss
 * @param {{ machineUs: number, serverUs: number } | undefined} cpu  CPU time used during the measured run
 */
function figure(scenario, options, database, result, rss, cpu) {
  const required = {
    scenario: scenario.name,
    ops_per_s: round(result.ok / result.durationS, 1),
    p50_ms: round(percentile(result.latenciesMs, 50), 2),
    p99_ms: round(percentile(result.latenciesMs, 99), 2),
    rss_mb: round(rss.peak, 1),
    target: scenario.target,
  };
  const met = targetMet(scenario.limits, required);
  return {
    ...required,
    ...(met === undefined ? {} : { target_met: met }),
    database,
    connections: options.connections,
    duration_s: result.durationS,
    requests: result.completed,
    non_2xx: result.non2xx,
    errors: result.errors,
    rss_ready_mb: round(rss.ready, 1),
    ...(cpu && result.ok > 0 ? cpuFields(scenario, cpu, result) : {}),
    node: process.version,
    cpus: cpus().length,
    commit: commit(),
  };
}

/**
 * What each response cost in CPU time: on the whole machine (server, database, load generator,
 * kernel) and in the server process alone, the share of the machine left idle, and, for a
 * scenario with a rate target, the most CPU per response at which the machine could reach it.
 * @param {import('./scenarios/index.js').Scenario} scenario
 * @param {{ machineUs: number, serverUs: number }} cpu
 * @param {import('./load.js').LoadResult} result
 */
function cpuFields(scenario, cpu, result) {
  const capacityUs = cpus().length * result.durationS * 1e6;
  const target = scenario.limits?.ops_per_s;
  return {
    cpu_us_per_op: Math.round(cpu.machineUs / result.ok),
    server_cpu_us_per_op: Math.round(cpu.serverUs / result.ok),
    cpu_idle_pct: round(Math.max(0, 100 * (1 - cpu.machineUs / capacityUs)), 1),
    ...(target === undefined ? {} : { cpu_budget_us_per_op: Math.round((cpus().length * 1e6) / target) }),
  };
}

/** The checked-out commit, marked `-dirty` when tracked files have changed, so a figure traces to code. */
function commit() {
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  /** @param {string[]} args */
  const git = (...args) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const head = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') === '' ? head : `${head}-dirty`;
  } catch {
    return undefined;
  }
}
