import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { PlatformClient } from '@lib/service-kit/index.ts';
import type { Payouts } from './payouts.ts';
import { requestSql } from './repository.ts';
import type { CurrencyCore } from './service.ts';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, as the platform signs its webhooks (docs/events.md). */
export function signCurrencyWebhook(secret: string, at: Date, rawBody: string): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex')}`;
}

/**
 * Payment results sent to linkage per call (the platform takes at most 500). Per result, a call of
 * 500 cost the server and PostgreSQL about a third less than one of 100.
 */
const SHARE_BATCH = 500;

/**
 * Work done after the payment, never on its path: signed webhooks to the services that asked
 * for payments, and each citizen's payment result written to linkage under their opt-in.
 */
export class CurrencyWorkers {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly core: CurrencyCore,
    private readonly platform: PlatformClient,
    private readonly log: Logger,
    private readonly payouts: Payouts,
  ) {}

  start(intervalMs = 1000): void {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.deliverWebhooks();
      await this.sharePaymentResults();
      // A cash-out's own request pays out at once; one still pending a minute later was cut off by a crash.
      await this.payouts.reconcile(60_000);
    } catch (error) {
      this.log.warn({ err: error }, 'currency worker round failed');
    } finally {
      this.running = false;
    }
  }

  /** Sends due webhooks; returns how many were delivered. */
  async deliverWebhooks(): Promise<number> {
    let delivered = 0;
    for (const hook of await requestSql.dueWebhooks(this.core.db, 20)) {
      const body = JSON.stringify({ id: hook.id, ...(hook.body as object) });
      const status = await fetch(hook.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
        headers: {
          'content-type': 'application/json',
          'tsunagu-event-id': hook.id,
          'tsunagu-event-type': hook.type,
          'tsunagu-signature': signCurrencyWebhook(hook.secret, new Date(), body),
          'user-agent': 'Tsunagu-Currency-Webhooks/1',
        },
        body,
      }).then(
        (response) => response.status,
        () => 0,
      );
      const ok = status >= 200 && status < 300;
      if (ok) delivered++;
      await requestSql.webhookTried(this.core.db, hook.id, status, ok, hook.attempts + 1);
    }
    return delivered;
  }

  /**
   * Writes completed payments by citizens to linkage as payment_results, five hundred per call,
   * until none is left. A refusal (no opt-in) is final: the platform logs it in the citizen's
   * access log, and the payment leaves the queue like a shared one.
   */
  async sharePaymentResults(): Promise<number> {
    let tried = 0;
    // Each round starts from the queue's head, so a payment queued out of order (committed after
    // a later one was read) is picked up by the next round.
    let after = '0';
    for (;;) {
      const payments = await requestSql.unsharedPayments(this.core.db, SHARE_BATCH, after);
      if (payments.length === 0) return tried;
      after = payments.at(-1)?.seq ?? after;
      const outcomes = await this.platform.writeMany(
        payments.map((payment) => {
          const memo = payment.memo as { payerSubject: string; amount: number; payee?: { id: string; name: string; field: string } };
          return {
            subject: memo.payerSubject,
            category: 'payment_results',
            data: {
              payee: memo.payee?.name ?? null,
              payeeId: memo.payee?.id ?? null,
              amount: memo.amount,
              currency: 'JPY',
              field: memo.payee?.field ?? null,
              paidAt: new Date(payment.created_at).toISOString(),
              transferId: payment.id,
            },
            // Two processes racing on one payment, or a retry after a crash, store it once.
            idempotencyKey: `payment-result:${payment.id}`,
          };
        }),
      );
      // Linkage answered for each (stored, or refused and logged in the citizen's access log): none is tried again.
      if (outcomes.length !== payments.length) throw new Error(`linkage answered ${outcomes.length} of ${payments.length} payment results`);
      await requestSql.dequeueShared(
        this.core.db,
        payments.map((payment) => payment.seq),
      );
      tried += payments.length;
      if (payments.length < SHARE_BATCH) return tried;
    }
  }
}
