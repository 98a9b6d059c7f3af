import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import closeWithGrace from 'close-with-grace';
import type { Config } from '@lib/config.ts';
import { ASYNC_CONTEXT_FRAME_FLAG, asyncContextFrameOn } from '@lib/runtime.ts';
import { startEventDelivery } from '@platform/events/index.ts';
import { createApp, createLogger } from '../app.ts';

/** What a process forked by `supervise` is for. */
const ROLE = 'TSUNAGU_ROLE';
/** Set for the HTTP process that logs that Tsunagu is serving (and the start-up warnings). */
const ANNOUNCE = 'TSUNAGU_ANNOUNCE';
/**
 * How much nicer the jobs process runs than the others: when the machine is busy, the HTTP
 * processes (and PostgreSQL) get the CPU first and the jobs catch up in the gaps. Over eight
 * alternating pairs of the spread payment bench this gave about an eighth more payments a second
 * and about half the p99 (docs/currency.md, eighteenth session); the share queue still emptied
 * within half a second of the load's end.
 */
export const JOBS_NICE = 10;

/**
 * Starts Tsunagu and stops it gracefully on SIGTERM or SIGINT: in-flight requests finish.
 * With WORKERS > 1 or JOBS_PROCESS (PostgreSQL only) a first child process migrates, seeds and
 * exits; then the supervisor forks that many HTTP processes sharing the port, and with
 * JOBS_PROCESS one more that runs the background jobs and serves nothing. No process keeps
 * state another would need.
 */
export async function serve(config: Config): Promise<void> {
  if ((config.workers > 1 || config.jobsProcess) && cluster.isPrimary) return supervise(config);
  if (process.env[ROLE] === 'setup') return setUp(config);
  if (process.env[ROLE] === 'jobs') return runJobs(config);
  const app = await createApp(cluster.isWorker ? { ...config, seedDemo: false } : config);
  // Every process delivers webhooks; the outbox is claimed with SKIP LOCKED, so they share the work.
  const delivery = startEventDelivery({ database: app.database, log: app.log });
  closeWithGrace({ delay: config.shutdownGraceMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'stopping after an unexpected error');
    else app.log.info({ signal }, 'stopping: finishing in-flight requests');
    await delivery.stop();
    await app.close();
    app.log.info('stopped');
  });
  await app.http.listen({ port: config.port, host: config.host });
  // One process says so: the only one, or the first HTTP process a supervisor forked.
  if (cluster.isPrimary || process.env[ANNOUNCE] === 'true') {
    if (!asyncContextFrameOn()) {
      app.log.warn(
        `Node ${process.version} runs without ${ASYNC_CONTEXT_FRAME_FLAG}: every promise pays for AsyncLocalStorage and requests cost about twice the CPU. Start with npm start, or add the flag to node.`,
      );
    }
    app.log.info(`Tsunagu is serving ${config.baseUrl} (database: ${app.database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'})`);
  }
}

/** Migrates and seeds, then exits: the supervisor's first child, so that it holds none of the app itself. */
async function setUp(config: Config): Promise<void> {
  await (await createApp(config)).close();
  process.exit(0);
}

/**
 * The background jobs' own process: the whole app, so that the jobs reach the platform through
 * its HTTP API as anywhere else, but listening on no port. It stops like an HTTP process.
 */
async function runJobs(config: Config): Promise<void> {
  beNicer(JOBS_NICE);
  const app = await createApp({ ...config, seedDemo: false });
  await app.http.ready();
  closeWithGrace({ delay: config.shutdownGraceMs }, async ({ err }) => {
    if (err) app.log.error({ err }, 'stopping after an unexpected error');
    await app.close();
    app.log.info('stopped');
  });
  app.log.info('Tsunagu background jobs are running');
}

/**
 * Raises this process's nice value by `by` (19 at most), relative to its own: raising it needs no
 * privilege. On Linux each thread has its own, and V8's helper threads (its parallel and
 * concurrent garbage collection among them) start with the process: each is set, or they would
 * compete with the HTTP processes at the old priority. Threads started later inherit it.
 */
function beNicer(by: number): void {
  const priority = Math.min(19, getPriority() + by);
  const threads = existsSync('/proc/self/task') ? readdirSync('/proc/self/task').map(Number) : [0];
  for (const thread of threads) setPriority(thread, priority);
}

async function supervise(config: Config): Promise<void> {
  const log = createLogger(config);
  if (!config.databaseUrl) {
    log.fatal(`${config.jobsProcess ? 'JOBS_PROCESS' : 'WORKERS > 1'} needs PostgreSQL (DATABASE_URL): PGlite is one process.`);
    process.exit(2);
  }
  // Every process must derive the same client secrets for the built-in services.
  process.env.SERVICE_SECRET ??= randomBytes(32).toString('hex');
  // With one HTTP process, it accepts its connections itself; several take them from the
  // supervisor in turn (the kernel would spread them unevenly). Accepting them itself, the
  // spread payment bench ran 17–25% faster with a fifth less p99 in two alternating pairs, and
  // its slowest requests (the load's first, on new connections) took 84–112 ms, not 128–444
  // (docs/currency.md, nineteenth session).
  if (config.workers === 1) cluster.schedulingPolicy = cluster.SCHED_NONE;
  // Migrate and seed once, before the HTTP processes start, in a process that then exits: the
  // supervisor stays small (run here, the app and the seed's garbage stayed in its memory).
  const [setupCode] = (await once(cluster.fork({ [ROLE]: 'setup' }), 'exit')) as [number | null];
  if (setupCode !== 0) {
    log.fatal({ code: setupCode }, 'migrating and seeding failed; nothing was started');
    process.exit(1);
  }
  // With a jobs process, the HTTP processes leave the currency's workers to it.
  const roles = new Map<number, Record<string, string>>();
  const fork = (env: Record<string, string>) => roles.set(cluster.fork(env).id, env);
  const http: Record<string, string> = config.jobsProcess ? { [ROLE]: 'http', CURRENCY_WORKERS: 'off' } : { [ROLE]: 'http' };
  for (let i = 0; i < config.workers; i++) fork(i === 0 ? { ...http, [ANNOUNCE]: 'true' } : http);
  if (config.jobsProcess) fork({ [ROLE]: 'jobs' });
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    const env = roles.get(worker.id) ?? http;
    roles.delete(worker.id);
    log.error(
      { pid: worker.process.pid, code, signal, role: env[ROLE] },
      `${env[ROLE] === 'jobs' ? 'the jobs process' : 'an HTTP process'} died; starting another`,
    );
    fork(env);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping the processes');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
