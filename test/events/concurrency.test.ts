import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, withTransaction, type Database } from '@lib/db/database.ts';
import { publishEvent } from '@platform/events/index.ts';
import type { TestDatabase } from '../support/database.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';
import { eventsDatabase, eventsService, manualClock, testWorker } from './support/setup.ts';

let test: TestDatabase;
/** On PostgreSQL, a second connection pool, as a second process would have. */
let second: Database;
let receiver: Receiver;
const clock = manualClock();

beforeAll(async () => {
  test = await eventsDatabase();
  second = test.url ? await openDatabase({ databaseUrl: test.url, dataDir: 'memory://', poolSize: 4 }) : test.database;
  receiver = await startReceiver(204);
});
afterAll(async () => {
  await receiver.close();
  if (second !== test.database) await second.close();
  await test.drop();
});

/** Runs a worker until a round finds nothing; returns how many deliveries it sent. */
async function untilIdle(worker: { runOnce(): Promise<number> }): Promise<number> {
  let sent = 0;
  for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce()) sent += n;
  return sent;
}

describe(`two workers running at once (${process.env.DATABASE_URL ? 'PostgreSQL, two connection pools' : 'PGlite, one session'})`, () => {
  it('deliver each event to each subscriber once', async () => {
    const service = eventsService(test, clock);
    await service.subscribe('svc-one', { url: `${receiver.url}/one`, types: ['registry.person.changed'] });
    await service.subscribe('svc-two', { url: `${receiver.url}/two`, types: ['registry.person.changed'] });
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const { id } = await withTransaction(test.database.db, (tx) =>
        publishEvent(tx, { type: 'registry.person.changed', subject: `sub-${i}`, data: { categories: ['address'], effectiveOn: '2026-04-01' } }),
      );
      ids.push(id);
    }

    const sent = await Promise.all([
      untilIdle(testWorker(test, clock, { batchSize: 4 })),
      untilIdle(testWorker({ database: second }, clock, { batchSize: 4 })),
    ]);

    expect(sent[0] + sent[1]).toBe(60);
    for (const path of ['/one', '/two']) {
      const received = receiver.at(path).map((r) => r.headers['tsunagu-event-id']);
      expect(received).toHaveLength(30);
      expect(new Set(received)).toEqual(new Set(ids));
    }
    expect(await testWorker(test, clock).runOnce()).toBe(0);
  });
});
