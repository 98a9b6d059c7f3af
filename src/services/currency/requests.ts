import { randomUUID } from 'node:crypto';
import { withTransaction } from '@lib/db/database.ts';
import { CurrencyError } from './errors.ts';
import { fingerprintOf } from './ledger/index.ts';
import { currencySql, requestSql, type PaymentRequestRow } from './repository.ts';
import type { CurrencyCore, Moved, PaymentMemo } from './service.ts';
import type { ShopUseCases } from './shops.ts';

export type NewPaymentRequest = {
  payeeId: string;
  amount: number;
  description: string;
  field?: string;
  returnUrl?: string;
  reference?: string;
  payerBusinessId?: string;
  expiresInMinutes?: number;
};

/**
 * The payment API other services (agri, tourism, telemedicine) use: they ask for a payment;
 * a citizen approves it in the wallet (the service cannot know who they are here: pairwise
 * subjects differ per service), or a business that granted the service pays at once. The
 * service learns the outcome by a signed webhook and by polling.
 */
export class PaymentRequestUseCases {
  constructor(
    private readonly core: CurrencyCore,
    private readonly shops: ShopUseCases,
  ) {}

  async create(clientId: string, key: string, input: NewPaymentRequest): Promise<PaymentRequestRow> {
    const payee = await this.core.business(input.payeeId);
    const field = input.field ?? payee.field;
    if (!(await currencySql.field(this.core.db, field))) throw new CurrencyError('field_not_found');
    if (input.payerBusinessId) {
      await this.core.business(input.payerBusinessId);
      if (!(await requestSql.granted(this.core.db, clientId, input.payerBusinessId)))
        throw new CurrencyError('not_your_account', 'That business has not let this service take payments from its account.');
    }
    const scope = `service:${clientId}`;
    const fingerprint = fingerprintOf(['payment_request', input]);
    const id = randomUUID();
    const created = await withTransaction(this.core.db, async (tx) => {
      const claimed = await requestSql.claimKey(tx, scope, key, fingerprint, id);
      if (!claimed) return false;
      await requestSql.insert(tx, {
        id,
        client_id: clientId,
        payee_id: payee.id,
        amount: input.amount,
        description: input.description,
        field,
        return_url: input.returnUrl ?? null,
        reference: input.reference ?? null,
        payer_business_id: input.payerBusinessId ?? null,
        expires_at: new Date(this.core.clock().getTime() + (input.expiresInMinutes ?? 30) * 60_000),
      });
      return true;
    });
    if (!created) {
      const stored = await requestSql.storedKey(this.core.db, scope, key);
      if (!stored || stored.fingerprint !== fingerprint || !stored.result.requestId) throw new CurrencyError('idempotency_key_reused');
      return this.forService(clientId, stored.result.requestId);
    }
    if (input.payerBusinessId) {
      const payer = await this.core.business(input.payerBusinessId);
      await this.settle(await this.forService(clientId, id), scope, `pay:${id}`, payer.account_id, null, input.payerBusinessId).catch(
        (error: unknown) => {
          // The request stays open (and says why in its status query); the service may retry or cancel.
          if (!(error instanceof CurrencyError)) throw error;
        },
      );
    }
    return this.forService(clientId, id);
  }

  async forService(clientId: string, id: string): Promise<PaymentRequestRow> {
    const found = await requestSql.get(this.core.db, id);
    if (!found || found.client_id !== clientId) throw new CurrencyError('payment_request_not_found');
    return found;
  }

  async cancel(clientId: string, id: string): Promise<PaymentRequestRow> {
    await this.forService(clientId, id);
    if (Number(await requestSql.cancel(this.core.db, id, clientId)) === 0) throw new CurrencyError('payment_request_not_open');
    return this.forService(clientId, id);
  }

  /** What the wallet shows a person before they approve. */
  async review(id: string) {
    const found = await requestSql.get(this.core.db, id);
    if (!found) throw new CurrencyError('payment_request_not_found');
    const payee = await this.core.business(found.payee_id);
    return { request: found, payee };
  }

  async approve(subject: string, key: string, id: string): Promise<{ moved: Moved; request: PaymentRequestRow }> {
    const found = await requestSql.get(this.core.db, id);
    if (!found) throw new CurrencyError('payment_request_not_found');
    if (found.payer_business_id) throw new CurrencyError('payment_request_not_open', 'This request is paid by a business.');
    const { wallet } = await this.core.accounts.walletOf(subject);
    const moved = await this.settle(found, `user:${subject}`, key, wallet, subject, null);
    return { moved, request: await this.forService(found.client_id, id) };
  }

  /** The person says no: nothing moves, the service sees `declined` in the status and in a signed webhook. */
  async decline(subject: string, id: string): Promise<PaymentRequestRow> {
    const found = await requestSql.get(this.core.db, id);
    if (!found) throw new CurrencyError('payment_request_not_found');
    if (found.payer_business_id) throw new CurrencyError('payment_request_not_open', 'This request is paid by a business.');
    const now = this.core.clock();
    const declined = await withTransaction(this.core.db, async (tx) => {
      // The same row lock an approval takes: a request is either paid or declined, never both.
      const locked = await requestSql.lock(tx, id);
      if (!locked || locked.status !== 'open' || new Date(locked.expires_at).getTime() <= now.getTime()) return false;
      await requestSql.markDeclined(tx, id, subject);
      await requestSql.enqueueWebhook(tx, found.client_id, 'currency.payment_request.declined', {
        type: 'currency.payment_request.declined',
        data: { id, status: 'declined', amount: found.amount, payeeId: found.payee_id, reference: found.reference, declinedAt: now.toISOString() },
      });
      return true;
    });
    if (!declined) throw new CurrencyError('payment_request_not_open');
    return this.forService(found.client_id, id);
  }

  async grant(subject: string, businessId: string, clientId: string, on: boolean): Promise<void> {
    await this.shops.asMember(subject, businessId, true);
    if (on) await requestSql.grant(this.core.db, clientId, businessId, subject);
    else await requestSql.revoke(this.core.db, clientId, businessId);
  }

  private async settle(
    request: PaymentRequestRow,
    scope: string,
    key: string,
    from: string,
    payerSubject: string | null,
    payerBusinessId: string | null,
  ) {
    const payee = await this.core.business(request.payee_id);
    const memo: PaymentMemo = {
      amount: request.amount,
      payee: { id: payee.id, name: payee.name, field: request.field },
      payerSubject,
      payerBusinessId,
      sources: [{ account: from, amount: request.amount }],
      method: 'payment_request',
      reference: request.id,
    };
    const now = this.core.clock();
    return this.core.move({
      scope,
      key,
      request: { paymentRequest: request.id },
      kind: 'request_payment',
      legs: [{ from, to: payee.account_id, amount: request.amount }],
      memo,
      extra: {
        relatedId: request.id,
        ...(payee.kind === 'shop' ? { fee: await this.core.feeRule(payee, request.amount) } : {}),
        claim: { id: `request:${request.id}`, code: 'payment_request_not_open' },
        guard: async (tx) => {
          const locked = await requestSql.lock(tx, request.id);
          if (!locked) return 'payment_request_not_found';
          if (locked.status !== 'open') return 'payment_request_not_open';
          return new Date(locked.expires_at).getTime() <= now.getTime() ? 'payment_request_not_open' : null;
        },
        onApplied: async (tx, transferId) => {
          await requestSql.markPaid(tx, request.id, transferId, payerSubject);
          await requestSql.enqueueWebhook(tx, request.client_id, 'currency.payment_request.paid', {
            type: 'currency.payment_request.paid',
            data: {
              id: request.id,
              status: 'paid',
              amount: request.amount,
              payeeId: payee.id,
              reference: request.reference,
              transferId,
              paidAt: now.toISOString(),
            },
          });
        },
      },
    });
  }
}
