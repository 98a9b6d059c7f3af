import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '@lib/db/database.ts';
import { publishEvent } from '@platform/events/index.ts';
import { OPERATOR_TOKEN } from '../support/app.ts';
import { asService } from './support/fake-service-tokens.ts';
import { startReceiver, type Receiver } from './support/receiver.ts';
import { manualClock, startEventsApp, testWorker, type EventsTestApp } from './support/setup.ts';

type Delivery = {
  id: string;
  eventId: string;
  status: string;
  series: number;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  failedAt: string | null;
  deliveredAt: string | null;
  attemptLog: { series: number; attempt: number; statusCode: number | null; error: string | null; outcome: string }[];
};

const clock = manualClock(new Date('2026-04-01T00:00:00Z'));
let app: EventsTestApp;
let receiver: Receiver;

beforeAll(async () => {
  app = await startEventsApp(clock);
  receiver = await startReceiver(500);
});
afterAll(async () => {
  await receiver.close();
  await app.stop();
});

async function subscribe(clientId: string, path: string, types: string[]) {
  const res = await app.http.inject({
    method: 'POST',
    url: '/api/events/subscriptions',
    headers: asService(clientId),
    payload: { url: `${receiver.url}${path}`, types },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; secret: string }>();
}

const alert = (alertId: string) =>
  ({
    type: 'disaster.alert',
    data: { alertId, status: 'issued', hazard: 'earthquake', level: 4, title: { ja: '地震', en: 'Earthquake' }, areas: [] },
  }) as const;

async function publishAlert(alertId: string) {
  return withTransaction(app.database.db, (tx) => publishEvent(tx, alert(alertId)));
}

const get = <T>(url: string, headers: Record<string, string>) => app.http.inject({ method: 'GET', url, headers }).then((res) => res.json<T>());

async function onlyDelivery(clientId: string): Promise<Delivery> {
  const page = await get<{ items: { id: string }[] }>('/api/events/deliveries', asService(clientId));
  expect(page.items).toHaveLength(1);
  return get<Delivery>(`/api/events/deliveries/${page.items[0]?.id ?? ''}`, asService(clientId));
}

describe('a receiver that answers 500', () => {
  it('is retried after 30 s, 2 min, 10 min, 1 h, 6 h and 24 h, then the delivery is failed', async () => {
    await subscribe('svc-flaky', '/flaky', ['disaster.alert']);
    const { id: eventId } = await publishAlert('quake-1');
    const worker = testWorker(app, clock);
    const delaysSeconds = [30, 120, 600, 3_600, 21_600, 86_400];

    expect(await worker.runOnce()).toBe(1);
    for (const [i, delay] of delaysSeconds.entries()) {
      const delivery = await onlyDelivery('svc-flaky');
      expect(delivery).toMatchObject({ eventId, status: 'pending', attempts: i + 1, lastStatusCode: 500 });
      expect(delivery.nextAttemptAt).toBe(new Date(clock.now().getTime() + delay * 1000).toISOString());
      clock.advance(delay * 1000 - 1000);
      expect(await worker.runOnce()).toBe(0); // not due yet
      clock.advance(1000);
      expect(await worker.runOnce()).toBe(1);
    }

    const failed = await onlyDelivery('svc-flaky');
    expect(failed).toMatchObject({ status: 'failed', attempts: 7, nextAttemptAt: null, failedAt: clock.now().toISOString(), lastStatusCode: 500 });
    expect(failed.attemptLog.map((a) => [a.attempt, a.statusCode, a.outcome])).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => [n, 500, 'failed']));
    expect(receiver.at('/flaky')).toHaveLength(7);
    clock.advance(7 * 86_400_000);
    expect(await worker.runOnce()).toBe(0);
  });

  it('is listed among the failed deliveries of its service, and of no other service', async () => {
    const mine = await get<{ items: Delivery[]; total: number }>('/api/events/deliveries?status=failed', asService('svc-flaky'));
    expect(mine.total).toBe(1);
    expect(mine.items[0]).toMatchObject({ status: 'failed', url: `${receiver.url}/flaky` });
    const theirs = await get<{ total: number }>('/api/events/deliveries?status=failed', asService('svc-other'));
    expect(theirs.total).toBe(0);
    const operator = await get<{ items: Delivery[] }>('/api/events/admin/deliveries?status=failed&clientId=svc-flaky', {
      authorization: `Bearer ${OPERATOR_TOKEN}`,
    });
    expect(operator.items.map((d) => d.id)).toEqual(mine.items.map((d) => d.id));
  });

  it('is delivered after a replay once the receiver recovers, as a new series of attempts', async () => {
    const { id } = await onlyDelivery('svc-flaky');
    const stranger = await app.http.inject({ method: 'POST', url: `/api/events/deliveries/${id}/replay`, headers: asService('svc-other') });
    expect(stranger.statusCode).toBe(404);

    receiver.answer(200);
    const replay = await app.http.inject({ method: 'POST', url: `/api/events/deliveries/${id}/replay`, headers: asService('svc-flaky') });
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toMatchObject({ status: 'pending', series: 2, attempts: 0, nextAttemptAt: clock.now().toISOString() });
    const again = await app.http.inject({ method: 'POST', url: `/api/events/deliveries/${id}/replay`, headers: asService('svc-flaky') });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'delivery_not_replayable' });

    expect(await testWorker(app, clock).runOnce()).toBe(1);
    const delivered = await onlyDelivery('svc-flaky');
    expect(delivered).toMatchObject({
      status: 'delivered',
      series: 2,
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      deliveredAt: clock.now().toISOString(),
    });
    expect(delivered.attemptLog.at(-1)).toMatchObject({ series: 2, attempt: 1, statusCode: 200, outcome: 'succeeded' });
    const sent = receiver.at('/flaky');
    expect(sent).toHaveLength(8);
    expect(new Set(sent.map((r) => r.headers['tsunagu-event-id'])).size).toBe(1);
  });

  it('can also be replayed by the operator', async () => {
    receiver.answer(500);
    await subscribe('svc-operated', '/operated', ['disaster.alert']);
    await publishAlert('quake-2');
    const worker = testWorker(app, clock, { retryDelaysSeconds: [1], maxAttempts: 1 });
    await worker.runOnce();
    const failed = await onlyDelivery('svc-operated');
    expect(failed.status).toBe('failed');
    receiver.answer(204);
    const replay = await app.http.inject({
      method: 'POST',
      url: `/api/events/admin/deliveries/${failed.id}/replay`,
      headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    });
    expect(replay.statusCode).toBe(202);
    await worker.runOnce();
    expect(await onlyDelivery('svc-operated')).toMatchObject({ status: 'delivered', series: 2 });
  });
});

describe('retry delays', () => {
  it('vary by the jitter, so that many failed deliveries do not retry in the same second', async () => {
    receiver.answer(500);
    await subscribe('svc-jitter', '/jitter', ['disaster.alert']);
    await publishAlert('quake-3');
    await testWorker(app, clock, { random: () => 0, jitter: 0.1 }).runOnce();
    const delivery = await onlyDelivery('svc-jitter');
    expect(delivery.nextAttemptAt).toBe(new Date(clock.now().getTime() + 27_000).toISOString());
  });
});

describe('an attempt', () => {
  it('that gets no answer within the timeout fails and is retried', async () => {
    receiver.answer('hang');
    await subscribe('svc-slow', '/slow', ['disaster.alert']);
    await publishAlert('quake-4');
    await testWorker(app, clock, { timeoutMs: 100, leaseMs: 10_000 }).runOnce();
    receiver.answer(204);
    const delivery = await onlyDelivery('svc-slow');
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null, lastError: 'no response within 100 ms' });
  });

  it('answered with a redirect is not a delivery', async () => {
    receiver.answer(302);
    await subscribe('svc-moved', '/moved', ['disaster.alert']);
    await publishAlert('quake-5');
    await testWorker(app, clock).runOnce();
    receiver.answer(204);
    expect(await onlyDelivery('svc-moved')).toMatchObject({ status: 'pending', lastStatusCode: 302, lastError: 'the receiver answered 302' });
  });

  it('to a receiver that is not listening fails with the reason', async () => {
    const gone = await startReceiver();
    const url = gone.url;
    await gone.close();
    const res = await app.http.inject({
      method: 'POST',
      url: '/api/events/subscriptions',
      headers: asService('svc-gone'),
      payload: { url: `${url}/gone`, types: ['disaster.alert'] },
    });
    expect(res.statusCode).toBe(201);
    await publishAlert('quake-6');
    await testWorker(app, clock).runOnce();
    expect(await onlyDelivery('svc-gone')).toMatchObject({ status: 'pending', lastStatusCode: null, lastError: 'could not connect: ECONNREFUSED' });
  });
});
