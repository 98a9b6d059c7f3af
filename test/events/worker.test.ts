import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '@lib/db/database.ts';
import { publishEvent, startEventDelivery } from '@platform/events/index.ts';
import type { TestDatabase } from '../support/database.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';
import { eventsDatabase, eventsService, manualClock, silentLog } from './support/setup.ts';

let test: TestDatabase;
let receiver: Receiver;

beforeAll(async () => {
  test = await eventsDatabase();
  receiver = await startReceiver(204);
});
afterAll(async () => {
  await receiver.close();
  await test.drop();
});

describe('a started worker', () => {
  it('delivers events without being asked, and stops when told', async () => {
    await eventsService(test, manualClock()).subscribe('svc-live', { url: `${receiver.url}/live`, types: ['disaster.alert'] });
    const worker = startEventDelivery({ database: test.database, log: silentLog, pollIntervalMs: 10 });
    try {
      await withTransaction(test.database.db, (tx) =>
        publishEvent(tx, {
          type: 'disaster.alert',
          data: { alertId: 'live-1', status: 'lifted', hazard: 'snow', level: 1, title: { ja: '解除', en: 'Lifted' }, areas: [] },
        }),
      );
      const [webhook] = await receiver.waitFor('/live', 1);
      expect(webhook?.headers['tsunagu-event-type']).toBe('disaster.alert');
    } finally {
      await worker.stop();
    }
    expect(await worker.runOnce()).toBe(0);
  });

  it('refuses a lease no longer than the timeout, since a slow attempt would then be taken over while it runs', () => {
    expect(() => startEventDelivery({ database: test.database, log: silentLog, poll: false, timeoutMs: 10_000, leaseMs: 10_000 })).toThrow(/leaseMs/);
  });
});
