import { randomBytes, randomUUID } from 'node:crypto';
import { withTransaction } from '@lib/db/database.ts';
import { CurrencyError } from './errors.ts';
import { currencySql, type BusinessKind, type BusinessRow, type FieldRow } from './repository.ts';
import type { CurrencyCore, Moved } from './service.ts';

export type NewBusiness = {
  name: string;
  kind: BusinessKind;
  size: 'small' | 'large';
  field: string;
  bankAccount?: string;
  acceptsPoints?: boolean;
  /** Balance shards: more than one spreads a busy stall's incoming payments over several rows. */
  shards?: number;
  ownerSubject?: string;
  /** A fixed QR code content (demo shops); otherwise a random one. */
  staticCode?: string;
};

/** The city's set-up: businesses and their staff, counter staff, fields of use, fee policy; and counter charges. */
export class AdminUseCases {
  constructor(private readonly core: CurrencyCore) {}

  async createBusiness(input: NewBusiness): Promise<BusinessRow> {
    if (!(await currencySql.field(this.core.db, input.field))) throw new CurrencyError('field_not_found');
    const id = randomUUID();
    await withTransaction(this.core.db, async (tx) => {
      const account = await this.core.ledger.openAccount(
        { kind: input.kind === 'shop' ? 'shop' : 'business', owner: `biz:${id}`, name: input.name, shards: input.shards ?? 1, field: input.field },
        tx,
      );
      const points = input.acceptsPoints
        ? await this.core.ledger.openAccount({ kind: 'shop_points', owner: `biz:${id}`, name: `${input.name} つなポン` }, tx)
        : null;
      await currencySql.insertBusiness(tx, {
        id,
        name: input.name,
        kind: input.kind,
        size: input.size,
        field: input.field,
        account_id: account,
        points_account_id: points,
        accepts_points: input.acceptsPoints ?? false,
        bank_account: input.bankAccount ?? null,
        static_code: input.staticCode ?? `TSG-${randomBytes(6).toString('hex').toUpperCase()}`,
      });
      if (input.ownerSubject) await currencySql.upsertMember(tx, id, input.ownerSubject, 'owner');
    });
    return this.core.business(id);
  }

  async addMember(businessId: string, subject: string, role: 'owner' | 'staff'): Promise<void> {
    await this.core.business(businessId);
    await currencySql.upsertMember(this.core.db, businessId, subject, role);
  }

  async setStaff(subject: string, role: 'counter' | 'admin'): Promise<void> {
    await currencySql.upsertStaff(this.core.db, subject, role);
  }

  /** The person's city staff role; `admin` when `need` is (counter staff may only charge at the counter). */
  async requireStaff(subject: string, need?: 'admin'): Promise<'counter' | 'admin'> {
    const role = await currencySql.staffRole(this.core.db, subject);
    if (!role) throw new CurrencyError('not_a_member', 'Only city staff can do this.');
    if (need && role !== need) throw new CurrencyError('not_a_member', 'Only the city’s currency administrators can do this.');
    return role;
  }

  fields(): Promise<FieldRow[]> {
    return currencySql.fields(this.core.db);
  }

  async upsertField(field: FieldRow): Promise<void> {
    await currencySql.upsertField(this.core.db, field);
  }

  feePolicies() {
    return currencySql.feePolicies(this.core.db);
  }

  async setFeePolicy(policy: { size: 'small' | 'large'; rateBp: number; annualCap: number | null; typicalRateBp: number }): Promise<void> {
    await currencySql.setFeePolicy(this.core.db, {
      size: policy.size,
      rate_bp: policy.rateBp,
      annual_cap: policy.annualCap,
      typical_rate_bp: policy.typicalRateBp,
    });
    this.core.resetPolicies();
  }

  /** City staff take cash at the counter and charge the wallet whose one-time code the resident shows. */
  async counterCharge(staffSubject: string, key: string, input: { code: string; amount: number }): Promise<Moved> {
    await this.requireStaff(staffSubject);
    const code = await currencySql.code(this.core.db, input.code);
    if (!code) throw new CurrencyError('code_not_found');
    const now = this.core.clock();
    const { issuance } = await this.core.accounts.systemAccounts();
    return this.core.move({
      scope: `staff:${staffSubject}`,
      key,
      request: input,
      kind: 'counter_charge',
      legs: [{ from: issuance, to: code.account_id, amount: input.amount }],
      memo: { amount: input.amount, staff: staffSubject, payerSubject: code.subject },
      extra: {
        claim: { id: `code:${input.code}`, code: 'code_used' },
        guard: async (tx) => {
          const locked = await currencySql.lockCode(tx, input.code);
          if (!locked) return 'code_not_found';
          if (locked.used_at) return 'code_used';
          if (new Date(locked.expires_at).getTime() <= now.getTime()) return 'code_expired';
          return null;
        },
        onApplied: (tx, transferId) => currencySql.useCode(tx, input.code, transferId),
      },
    });
  }
}
