import closeWithGrace from 'close-with-grace';
import type { Config } from '@lib/config.ts';
import { startEventDelivery } from '@platform/events/index.ts';
import { createApp } from '../app.ts';

/** Starts Tsunagu and stops it gracefully on SIGTERM or SIGINT: in-flight requests finish. */
export async function serve(config: Config): Promise<void> {
  const app = await createApp(config);
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
  app.log.info(`Tsunagu is serving ${config.baseUrl} (database: ${app.database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL'})`);
}
