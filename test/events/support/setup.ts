import pino from 'pino';
import { loadConfig } from '@lib/config.ts';
import { migrateModules } from '@lib/db/migrate.ts';
import { createEventsModule, startEventDelivery, type EventDeliveryOptions } from '@platform/events/index.ts';
import { eventsMigrations } from '@platform/events/migrations/index.ts';
import { EventsService } from '@platform/events/service.ts';
import { createApp, type TsunaguApp } from '../../../src/app.ts';
import { ALL_MODULES } from '../../../src/modules.ts';
import { OPERATOR_TOKEN } from '../../support/app.ts';
import { freshDatabase, type TestDatabase } from '../../support/database.ts';
import { fakeServiceTokensModule } from './fake-service-tokens.ts';

export const silentLog = pino({ level: 'silent' });

/** A clock that moves only when the test moves it. */
export type ManualClock = { now: () => Date; advance(ms: number): void };

export function manualClock(start = new Date()): ManualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
    },
  };
}

/** A fresh database with the events schema. */
export async function eventsDatabase(): Promise<TestDatabase> {
  const test = await freshDatabase();
  await migrateModules(test.database.db, [eventsMigrations]);
  return test;
}

export function eventsService(test: TestDatabase, clock: ManualClock): EventsService {
  return new EventsService(test.database.db, { allowLoopbackHttp: true, maxSubscriptionsPerService: 25, clock: clock.now });
}

/** A worker that runs only when the test calls runOnce(), on the test's clock, without jitter. */
export function testWorker(test: Pick<TestDatabase, 'database'>, clock: ManualClock, options: Partial<EventDeliveryOptions> = {}) {
  return startEventDelivery({ database: test.database, log: silentLog, now: clock.now, random: () => 0.5, poll: false, ...options });
}

export type EventsTestApp = TsunaguApp & { testDatabase: TestDatabase; stop(): Promise<void> };

/** The whole app with the events module, and service tokens from the test double. */
export async function startEventsApp(clock: ManualClock): Promise<EventsTestApp> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: 'memory://', SEED_DEMO: 'false', OPERATOR_TOKEN, RATE_LIMIT_PER_MINUTE: '100000' });
  const testDatabase = await freshDatabase();
  const modules = [fakeServiceTokensModule, ...ALL_MODULES.filter((m) => m.name !== 'events'), createEventsModule({ clock: clock.now })];
  const app = await createApp(config, { database: testDatabase.database, modules });
  return {
    ...app,
    testDatabase,
    async stop() {
      await app.close();
      await testDatabase.drop();
    },
  };
}
