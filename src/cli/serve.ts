import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import closeWithGrace from 'close-with-grace';
import type { Config } from '@lib/config.ts';
import { ASYNC_CONTEXT_FRAME_FLAG, asyncContextFrameOn } from '@lib/runtime.ts';
import { startEventDelivery } from '@platform/events/index.ts';
import { createApp, createLogger } from '../app.ts';

/**
 * Starts Tsunagu and stops it gracefully on SIGTERM or SIGINT: in-flight requests finish.
 * With WORKERS > 1 (PostgreSQL only) the first process migrates and seeds, then forks that
 * many HTTP processes sharing the port; they keep no state another would need.
 */
export async function serve(config: Config): Promise<void> {
  if (config.workers > 1 && cluster.isPrimary) return supervise(config);
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
  if (cluster.isPrimary || cluster.worker?.id === 1) {
    if (!asyncContextFrameOn()) {
      app.log.warn(
        `Node ${process.version} runs without ${ASYNC_CONTEXT_FRAME_FLAG}: every promise pays for AsyncLocalStorage and requests cost about twice the CPU. Start with npm start, or add the flag to node.`,
      );
    }
    app.log.info(`Tsunagu is serving ${config.baseUrl} (database: ${app.database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'})`);
  }
}

async function supervise(config: Config): Promise<void> {
  const log = createLogger(config);
  if (!config.databaseUrl) {
    log.fatal('WORKERS > 1 needs PostgreSQL (DATABASE_URL): PGlite is one process.');
    process.exit(2);
  }
  // Every process must derive the same client secrets for the built-in services.
  process.env.SERVICE_SECRET ??= randomBytes(32).toString('hex');
  // Migrate and seed once, here, before the HTTP processes start.
  await (await createApp({ ...config, serviceSecret: process.env.SERVICE_SECRET }, { logger: log })).close();
  let stopping = false;
  for (let i = 0; i < config.workers; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log.error({ pid: worker.process.pid, code, signal }, 'an HTTP process died; starting another');
    cluster.fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping the HTTP processes');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
