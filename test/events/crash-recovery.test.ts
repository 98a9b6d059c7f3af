import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { withTransaction } from '@lib/db/database.ts';
import { publishEvent } from '@platform/events/index.ts';
import { EventsRepository } from '@platform/events/repository.ts';
import type { TestDatabase } from '../support/database.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';
import { eventsDatabase, eventsService, manualClock, testWorker } from './support/setup.ts';

let test: TestDatabase;
let receiver: Receiver;
const clock = manualClock(new Date('2026-05-01T00:00:00Z'));
const LEASE_MS = 60_000;

beforeAll(async () => {
  test = await eventsDatabase();
  receiver = await startReceiver(204);
});
afterAll(async () => {
  await receiver.close();
  await test.drop();
});

/** Subscribes a fresh service and publishes one event for it; returns the service's id. */
async function eventFor(clientId: string): Promise<string> {
  await eventsService(test, clock).subscribe(clientId, { url: `${receiver.url}/${clientId}`, types: ['registry.person.moved'] });
  await withTransaction(test.database.db, (tx) =>
    publishEvent(tx, {
      type: 'registry.person.moved',
      subject: `sub-${clientId}`,
      audience: clientId,
      data: { kind: 'within-city', effectiveOn: '2026-05-01' },
    }),
  );
  return clientId;
}

/** What a worker does before it sends, after which this one "dies": fan out, then claim under a lease. */
async function claimAndDie() {
  const now = clock.now();
  return withTransaction(test.database.db, async (tx) => {
    const repository = new EventsRepository(tx);
    await repository.fanOut(10, now, uuidv7);
    return repository.claim(10, now, uuidv7(), new Date(now.getTime() + LEASE_MS), uuidv7);
  });
}

const deliveriesOf = (clientId: string) => eventsService(test, clock).deliveries({ clientId }, { limit: 10, offset: 0 });

describe('a worker that dies', () => {
  it('between claiming and delivering loses no event: once its lease expires another round delivers it', async () => {
    const clientId = await eventFor('svc-crash');
    expect(await claimAndDie()).toHaveLength(1);

    const worker = testWorker(test, clock, { leaseMs: LEASE_MS });
    expect(await worker.runOnce()).toBe(0); // still leased to the dead worker
    clock.advance(LEASE_MS);
    expect(await worker.runOnce()).toBe(1);

    expect(receiver.at(`/${clientId}`)).toHaveLength(1);
    const [delivery] = (await deliveriesOf(clientId)).rows;
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
    const { attempts } = await eventsService(test, clock).delivery('operator', delivery?.id ?? '');
    expect(attempts.map((a) => a.outcome)).toEqual(['abandoned', 'succeeded']);
  });

  it('on the last attempt leaves the delivery failed and visible, not stuck', async () => {
    const clientId = await eventFor('svc-crash-last');
    await claimAndDie();
    clock.advance(LEASE_MS);
    expect(await testWorker(test, clock, { maxAttempts: 1 }).runOnce()).toBe(0);
    const failed = await eventsService(test, clock).deliveries({ clientId }, { status: 'failed', limit: 10, offset: 0 });
    expect(failed.rows).toHaveLength(1);
    expect(failed.rows[0]?.last_error).toMatch(/lease expired/);
    expect(receiver.at(`/${clientId}`)).toEqual([]);
  });

  it('in the middle of fanning out leaves the event in the outbox for the next round', async () => {
    const clientId = await eventFor('svc-crash-fanout');
    await expect(
      withTransaction(test.database.db, async (tx) => {
        await new EventsRepository(tx).fanOut(10, clock.now(), uuidv7);
        throw new Error('process killed');
      }),
    ).rejects.toThrow('process killed');
    expect(await testWorker(test, clock).runOnce()).toBe(1);
    expect(receiver.at(`/${clientId}`)).toHaveLength(1);
  });
});

describe('a worker that comes back after its lease expired', () => {
  it('records its attempt but does not overwrite the outcome of the worker that took over', async () => {
    const clientId = await eventFor('svc-late-worker');
    const [claimed] = await claimAndDie();
    clock.advance(LEASE_MS);
    await testWorker(test, clock).runOnce();
    const kept = await withTransaction(test.database.db, (tx) =>
      new EventsRepository(tx).finishAttempt({
        deliveryId: claimed?.id ?? '',
        attemptId: claimed?.attempt_id ?? '',
        leaseToken: uuidv7(), // the lease it held was taken back
        outcome: 'failed',
        statusCode: 500,
        error: 'late',
        durationMs: 90_000,
        next: { status: 'pending', at: clock.now() },
      }),
    );
    expect(kept).toBe(false);
    const [delivery] = (await deliveriesOf(clientId)).rows;
    expect(delivery).toMatchObject({ status: 'delivered', last_status_code: 204 });
    const { attempts } = await eventsService(test, clock).delivery({ clientId }, delivery?.id ?? '');
    expect(attempts.map((a) => [a.attempt, a.outcome, a.status_code])).toEqual([
      [1, 'failed', 500],
      [2, 'succeeded', 204],
    ]);
  });
});
