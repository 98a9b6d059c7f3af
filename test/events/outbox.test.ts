import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '@lib/db/database.ts';
import { publishEvent, verifyWebhookSignature } from '@platform/events/index.ts';
import type { TestDatabase } from '../support/database.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';
import { eventsDatabase, eventsService, manualClock, testWorker } from './support/setup.ts';

let test: TestDatabase;
let receiver: Receiver;
const clock = manualClock();

beforeAll(async () => {
  test = await eventsDatabase();
  receiver = await startReceiver(204);
});
afterAll(async () => {
  await receiver.close();
  await test.drop();
});

const withdrawn = (consentId: string) =>
  ({
    type: 'consent.withdrawn',
    subject: 'sub-7f3a',
    audience: null,
    data: { consentId, clientId: 'svc', categories: ['basic'], version: 2 },
  }) as const;

/** Runs the worker until it finds nothing more to send. */
async function drain(worker: { runOnce(): Promise<number> }) {
  let rounds = 0;
  while ((await worker.runOnce()) > 0) rounds++;
  return rounds;
}

describe('an event published in a transaction', () => {
  it('is never delivered when the transaction rolls back', async () => {
    const service = eventsService(test, clock);
    await service.subscribe('svc-rollback', { url: `${receiver.url}/rollback`, types: ['consent.withdrawn'] });
    await expect(
      withTransaction(test.database.db, async (tx) => {
        await publishEvent(tx, withdrawn('c-rolled-back'));
        throw new Error('the change itself failed');
      }),
    ).rejects.toThrow('the change itself failed');
    await drain(testWorker(test, clock));
    expect(receiver.at('/rollback')).toEqual([]);
  });

  it('is delivered exactly once to each subscriber of its type when it commits, and to no one else', async () => {
    const service = eventsService(test, clock);
    const a = await service.subscribe('svc-a', { url: `${receiver.url}/a`, types: ['consent.withdrawn'] });
    const b = await service.subscribe('svc-b', { url: `${receiver.url}/b`, types: ['registry.person.moved', 'consent.withdrawn'] });
    await service.subscribe('svc-c', { url: `${receiver.url}/c`, types: ['disaster.alert'] });
    const { id } = await withTransaction(test.database.db, (tx) => publishEvent(tx, withdrawn('c-committed')));

    const worker = testWorker(test, clock);
    await drain(worker);
    await drain(worker);

    for (const [path, secret] of [
      ['/a', a.secret],
      ['/b', b.secret],
    ] as const) {
      const got = receiver.at(path).filter((r) => r.headers['tsunagu-event-id'] === id);
      expect(got).toHaveLength(1);
      const [webhook] = got;
      expect(webhook?.headers['content-type']).toBe('application/json');
      expect(webhook?.headers['tsunagu-event-type']).toBe('consent.withdrawn');
      expect(JSON.parse(webhook?.body ?? '')).toEqual({
        id,
        type: 'consent.withdrawn',
        occurredAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        subject: 'sub-7f3a',
        data: { consentId: 'c-committed', clientId: 'svc', categories: ['basic'], version: 2 },
      });
      const header = webhook?.headers['tsunagu-signature'];
      expect(verifyWebhookSignature(secret, typeof header === 'string' ? header : undefined, webhook?.body ?? '', clock.now())).toMatchObject({
        valid: true,
      });
    }
    expect(receiver.at('/c')).toEqual([]);
  });

  it('addressed to one service reaches only that service', async () => {
    const service = eventsService(test, clock);
    await service.subscribe('svc-currency', { url: `${receiver.url}/currency`, types: ['consent.granted'] });
    await service.subscribe('svc-tourism', { url: `${receiver.url}/tourism`, types: ['consent.granted'] });
    await withTransaction(test.database.db, (tx) =>
      publishEvent(tx, {
        type: 'consent.granted',
        subject: 'sub-91bc',
        audience: 'svc-currency',
        data: { consentId: 'c-9', clientId: 'svc-currency', purpose: 'payment', categories: ['city-os-id'], version: 1 },
      }),
    );
    await drain(testWorker(test, clock));
    expect(receiver.at('/currency')).toHaveLength(1);
    expect(receiver.at('/tourism')).toEqual([]);
  });

  it('that occurred before a service subscribed is not sent to it', async () => {
    await withTransaction(test.database.db, (tx) =>
      publishEvent(tx, {
        type: 'registry.person.changed',
        subject: 'sub-0001',
        data: { categories: ['name'], effectiveOn: '2026-04-01' },
      }),
    );
    await eventsService(test, clock).subscribe('svc-late', { url: `${receiver.url}/late`, types: ['registry.person.changed'] });
    await drain(testWorker(test, clock));
    expect(receiver.at('/late')).toEqual([]);
  });

  it('of a type nobody knows is refused before it reaches the outbox', async () => {
    await expect(
      withTransaction(test.database.db, (tx) =>
        // A caller without types (plain JavaScript, or a string from elsewhere).
        publishEvent(tx, { type: 'registry.person.teleported' as 'registry.person.moved', data: { kind: 'within-city', effectiveOn: '2026-04-01' } }),
      ),
    ).rejects.toThrow(/Unknown event type/);
  });
});

describe('after a service unsubscribes', () => {
  it('sends it nothing more, and cancels what was still waiting', async () => {
    const service = eventsService(test, clock);
    const { subscription } = await service.subscribe('svc-leaving', { url: `${receiver.url}/leaving`, types: ['disaster.alert'] });
    const alert = {
      type: 'disaster.alert',
      data: { alertId: 'a-1', status: 'issued', hazard: 'flood', level: 3, title: { ja: '避難指示', en: 'Evacuate' }, areas: ['追手町'] },
    } as const;
    await withTransaction(test.database.db, (tx) => publishEvent(tx, alert));
    receiver.answer(503);
    await testWorker(test, clock).runOnce();
    receiver.answer(204);
    await service.unsubscribe('svc-leaving', subscription.id);
    await withTransaction(test.database.db, (tx) => publishEvent(tx, alert));
    clock.advance(60 * 60_000);
    await drain(testWorker(test, clock));
    expect(receiver.at('/leaving')).toHaveLength(1);
    const page = await service.deliveries({ clientId: 'svc-leaving' }, { limit: 10, offset: 0 });
    expect(page.rows.map((d) => d.status)).toEqual(['cancelled']);
  });
});
