import { randomBytes, randomUUID } from 'node:crypto';
import { CurrencyError } from './errors.ts';
import { invoiceSql, type InvoiceRow } from './repository.ts';
import type { CurrencyCore, Moved, PaymentMemo } from './service.ts';
import type { ShopUseCases } from './shops.ts';

/**
 * Invoices: a business bills another business (a restaurant buying from a farm, B2B), or a
 * school bills a household; the household gets a pay code (on paper or as a QR) and pays from
 * a wallet. No fee is taken on invoices.
 */
export class InvoiceUseCases {
  constructor(
    private readonly core: CurrencyCore,
    private readonly shops: ShopUseCases,
  ) {}

  async issue(
    subject: string,
    issuerId: string,
    input: { payerBusinessId?: string; amount: number; description: string; dueDate?: string },
  ): Promise<InvoiceRow> {
    await this.shops.asMember(subject, issuerId);
    if (input.payerBusinessId) await this.core.business(input.payerBusinessId);
    const id = randomUUID();
    await invoiceSql.insert(this.core.db, {
      id,
      issuer_id: issuerId,
      payer_business_id: input.payerBusinessId ?? null,
      pay_code: input.payerBusinessId ? null : `INV-${randomBytes(5).toString('hex').toUpperCase()}`,
      amount: input.amount,
      description: input.description,
      due_date: input.dueDate ?? null,
    });
    return this.get(id);
  }

  async get(id: string): Promise<InvoiceRow> {
    const found = await invoiceSql.get(this.core.db, id);
    if (!found) throw new CurrencyError('invoice_not_found');
    return found;
  }

  async list(subject: string, businessId: string): Promise<InvoiceRow[]> {
    await this.shops.asMember(subject, businessId);
    return invoiceSql.ofBusiness(this.core.db, businessId);
  }

  /** The school invoices a parent keeps in the wallet, open ones first. */
  held(subject: string): Promise<InvoiceRow[]> {
    return invoiceSql.heldBy(this.core.db, subject);
  }

  /** A parent types or scans a school invoice's pay code: it stays in their wallet until paid. */
  async keep(subject: string, code: string): Promise<InvoiceRow> {
    const invoice = await this.byCode(code);
    await invoiceSql.hold(this.core.db, invoice.id, subject);
    return invoice;
  }

  async byCode(code: string): Promise<InvoiceRow> {
    const found = await invoiceSql.byCode(this.core.db, code);
    if (!found) throw new CurrencyError('invoice_not_found');
    return found;
  }

  async cancel(subject: string, issuerId: string, invoiceId: string): Promise<void> {
    await this.shops.asMember(subject, issuerId);
    const invoice = await this.get(invoiceId);
    if (invoice.issuer_id !== issuerId) throw new CurrencyError('invoice_not_found');
    if (Number(await invoiceSql.cancel(this.core.db, invoiceId)) === 0) throw new CurrencyError('invoice_not_open');
  }

  /** A business pays an invoice addressed to it (owners only). */
  async payAsBusiness(subject: string, payerId: string, key: string, invoiceId: string): Promise<Moved> {
    const payer = await this.shops.asMember(subject, payerId, true);
    const invoice = await this.get(invoiceId);
    if (invoice.payer_business_id !== payerId) throw new CurrencyError('invoice_not_found');
    return this.settle(invoice, `biz:${payerId}`, key, payer.account_id, { payerSubject: null, payerBusinessId: payerId });
  }

  /** A household pays a school's invoice by its pay code from the wallet. */
  async payAsPerson(subject: string, key: string, code: string): Promise<Moved> {
    const invoice = await this.keep(subject, code);
    const { wallet } = await this.core.accounts.walletOf(subject);
    return this.settle(invoice, `user:${subject}`, key, wallet, { payerSubject: subject, payerBusinessId: null });
  }

  private async settle(
    invoice: InvoiceRow,
    scope: string,
    key: string,
    from: string,
    payer: { payerSubject: string | null; payerBusinessId: string | null },
  ) {
    const issuer = await this.core.business(invoice.issuer_id);
    const memo: PaymentMemo = {
      amount: invoice.amount,
      payee: { id: issuer.id, name: issuer.name, field: issuer.field },
      ...payer,
      sources: [{ account: from, amount: invoice.amount }],
      method: 'invoice',
      reference: invoice.id,
    };
    return this.core.move({
      scope,
      key,
      request: { invoiceId: invoice.id },
      kind: 'invoice_payment',
      legs: [{ from, to: issuer.account_id, amount: invoice.amount }],
      memo,
      extra: {
        relatedId: invoice.id,
        claim: { id: `invoice:${invoice.id}`, code: 'invoice_not_open' },
        guard: async (tx) => {
          const status = await invoiceSql.lockStatus(tx, invoice.id);
          if (!status) return 'invoice_not_found';
          return status === 'open' ? null : 'invoice_not_open';
        },
        onApplied: (tx, transferId) => invoiceSql.markPaid(tx, invoice.id, transferId),
      },
    });
  }
}
