import type { Logger } from 'pino';
import { uuidv7 } from '@lib/ids.ts';
import { withTransaction, type Database } from '@lib/db/database.ts';
import { EventsRepository, type ClaimedDelivery } from './repository.ts';
import { signWebhook, WEBHOOK_HEADERS } from './signature.ts';

/** 30 s, 2 min, 10 min, 1 h, 6 h, 24 h: seven attempts over about a day and a half. */
export const DEFAULT_RETRY_DELAYS_SECONDS: readonly number[] = [30, 120, 600, 3_600, 21_600, 86_400];

export type EventDeliveryOptions = {
  database: Pick<Database, 'db'>;
  log: Logger;
  /** How webhooks are sent; the global fetch unless a test substitutes its own. */
  fetch?: typeof fetch;
  /** The clock for schedules, leases and signatures (tests move it instead of sleeping). */
  now?: () => Date;
  /** Source of jitter in [0, 1). */
  random?: () => number;
  /** Events fanned out and deliveries claimed per round. Default 20. */
  batchSize?: number;
  /** Poll the database between rounds; false leaves it to whoever calls runOnce(). Default true. */
  poll?: boolean;
  /** Wait between rounds that found nothing to do. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Longest wait for a receiver's response. Default 10 s. */
  timeoutMs?: number;
  /**
   * How long a claimed delivery stays with the worker that claimed it; after that another
   * worker takes it over (the first one died). Must exceed timeoutMs. Default 60 s.
   */
  leaseMs?: number;
  /** Wait before the 2nd, 3rd… attempt; the last value repeats. */
  retryDelaysSeconds?: readonly number[];
  /** Attempts per series before the delivery is failed. Default: one more than the delays. */
  maxAttempts?: number;
  /** Each delay varies by up to ± this fraction, so retries of many deliveries spread out. Default 0.1. */
  jitter?: number;
};

export type EventDelivery = {
  /** One round: recover abandoned work, fan out new events, send one batch. Returns how many it sent. */
  runOnce(): Promise<number>;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
};

const ABANDONED = 'The worker stopped before recording a result (its lease expired); delivering again.';

/** Delay before the attempt after `attempt` (1-based), with jitter. */
export function retryDelayMs(attempt: number, delaysSeconds: readonly number[], jitter: number, random: () => number): number {
  const base = (delaysSeconds[Math.min(attempt, delaysSeconds.length) - 1] ?? 60) * 1000;
  return Math.round(base * (1 + jitter * (2 * random() - 1)));
}

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no response within ${timeoutMs} ms`;
  const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : String(err);
  return `could not connect: ${detail}`.slice(0, 300);
}

/**
 * Starts delivering events: each round fans new outbox events out to the subscriptions that
 * match, then POSTs due deliveries, signed, and records every attempt. Any number of workers
 * in any number of processes may run on one database: they claim work with
 * `FOR UPDATE SKIP LOCKED` under a lease, and keep nothing in memory that another would need.
 */
export function startEventDelivery(options: EventDeliveryOptions): EventDelivery {
  const { log } = options;
  const db = options.database.db;
  const send = options.fetch ?? fetch;
  const clock = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const batchSize = options.batchSize ?? 20;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const delays = options.retryDelaysSeconds ?? DEFAULT_RETRY_DELAYS_SECONDS;
  const maxAttempts = options.maxAttempts ?? delays.length + 1;
  const jitter = options.jitter ?? 0.1;
  if (leaseMs <= timeoutMs) throw new RangeError(`leaseMs (${leaseMs}) must exceed timeoutMs (${timeoutMs})`);
  if (batchSize < 1 || maxAttempts < 1 || delays.length === 0) throw new RangeError('batchSize, maxAttempts and retryDelaysSeconds must be positive');

  async function deliver(delivery: ClaimedDelivery, leaseToken: string): Promise<void> {
    const body = JSON.stringify({
      id: delivery.event_id,
      type: delivery.event_type,
      occurredAt: delivery.occurred_at.toISOString(),
      subject: delivery.subject,
      data: delivery.data,
    });
    const sentAt = clock();
    const previousValid = delivery.previous_secret && delivery.previous_secret_expires_at && delivery.previous_secret_expires_at > sentAt;
    const secrets = previousValid && delivery.previous_secret ? [delivery.secret, delivery.previous_secret] : [delivery.secret];
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await send(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Tsunagu-Webhooks/1',
          [WEBHOOK_HEADERS.eventId]: delivery.event_id,
          [WEBHOOK_HEADERS.eventType]: delivery.event_type,
          [WEBHOOK_HEADERS.deliveryId]: delivery.id,
          [WEBHOOK_HEADERS.signature]: signWebhook(secrets, sentAt, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => undefined);
      if (statusCode < 200 || statusCode > 299) error = `the receiver answered ${statusCode}`;
    } catch (err) {
      error = describeFailure(err, timeoutMs);
    }
    const durationMs = Math.round(performance.now() - started);
    const succeeded = error === null;
    const finishedAt = clock();
    const next = succeeded
      ? { status: 'delivered' as const, at: finishedAt }
      : delivery.attempts >= maxAttempts
        ? { status: 'failed' as const, at: finishedAt }
        : { status: 'pending' as const, at: new Date(finishedAt.getTime() + retryDelayMs(delivery.attempts, delays, jitter, random)) };
    const kept = await withTransaction(db, (tx) =>
      new EventsRepository(tx).finishAttempt({
        deliveryId: delivery.id,
        attemptId: delivery.attempt_id,
        leaseToken,
        outcome: succeeded ? 'succeeded' : 'failed',
        statusCode,
        error,
        durationMs,
        next,
      }),
    );
    const context = { deliveryId: delivery.id, eventId: delivery.event_id, attempt: delivery.attempts, statusCode, error, durationMs };
    if (!kept) log.warn(context, 'webhook attempt finished after its lease expired; another worker retries it');
    else if (next.status === 'delivered') log.debug(context, 'webhook delivered');
    else if (next.status === 'failed') log.warn(context, 'webhook delivery failed after its last attempt');
    else log.info({ ...context, nextAttemptAt: next.at.toISOString() }, 'webhook attempt failed; will retry');
  }

  async function round(): Promise<number> {
    const now = clock();
    await withTransaction(db, (tx) => new EventsRepository(tx).recoverExpiredLeases(now, maxAttempts, ABANDONED));
    // Fan out everything waiting: cheap, and it keeps the outbox short.
    let fannedOut: number;
    do {
      fannedOut = await withTransaction(db, (tx) => new EventsRepository(tx).fanOut(batchSize, now, uuidv7));
    } while (fannedOut === batchSize);
    const leaseToken = uuidv7();
    const claimed = await withTransaction(db, (tx) =>
      new EventsRepository(tx).claim(batchSize, now, leaseToken, new Date(now.getTime() + leaseMs), uuidv7),
    );
    await Promise.all(
      claimed.map((delivery) =>
        deliver(delivery, leaseToken).catch((err: unknown) => {
          // Nothing recorded: the lease runs out and a later round delivers it again.
          log.error({ err, deliveryId: delivery.id }, 'could not record a webhook attempt');
        }),
      ),
    );
    return claimed.length;
  }

  let stopped = false;
  let wake: () => void = () => undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      // Not unref'd: in a process that only delivers events, this timer is what keeps it running.
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function loop(): Promise<void> {
    while (!stopped) {
      let busy = false;
      try {
        busy = (await round()) === batchSize;
      } catch (err) {
        log.error({ err }, 'event delivery round failed; trying again after the poll interval');
      }
      if (!stopped && !busy) await pause(options.pollIntervalMs ?? 1000);
    }
  }

  const running = options.poll === false ? Promise.resolve() : loop();

  return {
    runOnce: round,
    async stop() {
      stopped = true;
      wake();
      await running;
    },
  };
}
