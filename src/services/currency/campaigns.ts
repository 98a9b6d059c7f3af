import { randomUUID } from 'node:crypto';
import { withTransaction } from '@lib/db/database.ts';
import { CurrencyError } from './errors.ts';
import { ledgerReads } from './ledger/index.ts';
import { campaignSql, currencySql, type CampaignRow } from './repository.ts';
import type { CurrencyCore, Moved, MoveInput } from './service.ts';

export type NewCampaign = {
  name: string;
  price: number;
  faceValue: number;
  smallShopPart: number;
  perPersonLimit: number;
  saleStarts: Date;
  saleEnds: Date;
  expiresAt: Date;
  /** Coins the city puts in the fund up front (the premiums it pays). */
  funding: number;
};

/** Premium vouchers (プレミアム商品券) and つなポン: campaigns, purchases, expiry back to the fund; awarding points. */
export class ProgramUseCases {
  constructor(private readonly core: CurrencyCore) {}

  async createCampaign(input: NewCampaign): Promise<CampaignRow> {
    if (input.faceValue < input.price || input.smallShopPart > input.faceValue || input.saleEnds <= input.saleStarts)
      throw new CurrencyError(
        'invalid_campaign',
        'The face value must cover the price, the small-shop part fit in it, and the sale end after it starts.',
      );
    const sixMonths = new Date(input.saleStarts);
    sixMonths.setUTCMonth(sixMonths.getUTCMonth() + 6);
    if (input.expiresAt < input.saleEnds || input.expiresAt > sixMonths)
      throw new CurrencyError('invalid_campaign', 'Vouchers must expire after the sale ends and at most six months after they are first issued.');
    const id = randomUUID();
    const fund = await withTransaction(this.core.db, async (tx) => {
      const account = await this.core.ledger.openAccount({ kind: 'campaign_fund', owner: 'city', name: `${input.name} fund`, campaignId: id }, tx);
      await campaignSql.insert(tx, {
        id,
        name: input.name,
        price: input.price,
        face_value: input.faceValue,
        small_shop_part: input.smallShopPart,
        per_person_limit: input.perPersonLimit,
        sale_starts: input.saleStarts,
        sale_ends: input.saleEnds,
        expires_at: input.expiresAt,
        fund_account_id: account,
      });
      return account;
    });
    if (input.funding > 0) await this.fund(id, `funding:${id}`, input.funding, fund);
    return this.campaign(id);
  }

  async fund(campaignId: string, key: string, amount: number, fundAccount?: string): Promise<Moved> {
    const account = fundAccount ?? (await this.campaign(campaignId)).fund_account_id;
    const { issuance } = await this.core.accounts.systemAccounts();
    return this.core.move({
      scope: 'city',
      key,
      request: { campaignId, amount },
      kind: 'funding',
      legs: [{ from: issuance, to: account, amount }],
      memo: { amount, campaignId },
    });
  }

  async campaign(id: string): Promise<CampaignRow> {
    const found = await campaignSql.get(this.core.db, id);
    if (!found) throw new CurrencyError('campaign_not_found');
    return found;
  }

  async summary(id: string) {
    const c = await this.campaign(id);
    const totals = (await campaignSql.totals(this.core.db, id, c.fund_account_id)) ?? { sold: 0, issued: 0, returned: 0 };
    const fund = await ledgerReads.account(this.core.db, c.fund_account_id);
    return { campaign: c, ...totals, fundBalance: fund?.balance ?? 0 };
  }

  private async voucherAccount(subject: string, c: CampaignRow, restriction: 'any_shop' | 'small_shop'): Promise<string> {
    const owner = `user:${subject}`;
    const existing = (await ledgerReads.accountsOf(this.core.db, owner, ['voucher'])).find(
      (a) => a.campaign_id === c.id && a.restriction === restriction,
    );
    if (existing) return existing.id;
    try {
      return await this.core.ledger.openAccount({
        kind: 'voucher',
        owner,
        name: `${c.name}${restriction === 'small_shop' ? '（地元小規模店専用）' : ''}`,
        campaignId: c.id,
        restriction,
        expiresAt: c.expires_at,
      });
    } catch (error) {
      const raced = (await ledgerReads.accountsOf(this.core.db, owner, ['voucher'])).find(
        (a) => a.campaign_id === c.id && a.restriction === restriction,
      );
      if (!raced) throw error;
      return raced.id;
    }
  }

  /** Buys one voucher: the price leaves the wallet, the face value arrives as vouchers (part for small shops only). */
  async buy(subject: string, key: string, campaignId: string): Promise<Moved> {
    return this.core.move(await this.purchase(subject, key, campaignId));
  }

  /** The posting of one voucher purchase, checked against the sale period (the per-person limit is the ledger's). */
  async purchase(subject: string, key: string, campaignId: string): Promise<MoveInput> {
    const c = await this.campaign(campaignId);
    const now = this.core.clock();
    if (now < new Date(c.sale_starts) || now >= new Date(c.sale_ends) || c.expired_at) throw new CurrencyError('campaign_closed');
    const { wallet } = await this.core.accounts.walletOf(subject);
    const anyPart = c.face_value - c.small_shop_part;
    const legs = [{ from: wallet, to: c.fund_account_id, amount: c.price }];
    if (anyPart > 0) legs.push({ from: c.fund_account_id, to: await this.voucherAccount(subject, c, 'any_shop'), amount: anyPart });
    if (c.small_shop_part > 0)
      legs.push({ from: c.fund_account_id, to: await this.voucherAccount(subject, c, 'small_shop'), amount: c.small_shop_part });
    return {
      scope: `user:${subject}`,
      key,
      request: { campaignId },
      kind: 'voucher_purchase',
      legs,
      memo: { amount: c.price, campaignId, faceValue: c.face_value, campaign: c.name },
      extra: {
        quota: {
          id: `holding:${campaignId}:${subject}`,
          limit: c.per_person_limit,
          code: 'voucher_limit_reached',
          used: (tx) => campaignSql.lockHolding(tx, campaignId, subject),
        },
        onApplied: (tx) => campaignSql.addHolding(tx, campaignId, subject, 1),
      },
    };
  }

  /** After expiry every unused voucher balance goes back to the campaign fund, each as its own visible transfer. */
  async expire(campaignId: string): Promise<{ accounts: number; returned: number }> {
    const c = await this.campaign(campaignId);
    if (this.core.clock() < new Date(c.expires_at)) throw new CurrencyError('campaign_closed', 'The vouchers have not expired yet.');
    let accounts = 0;
    let returned = 0;
    for (const v of await campaignSql.voucherAccounts(this.core.db, campaignId)) {
      if (v.balance <= 0) continue;
      await this.core.move({
        scope: 'city',
        key: `voucher-expiry:${v.id}`,
        request: { account: v.id },
        kind: 'voucher_expiry',
        legs: [{ from: v.id, to: c.fund_account_id, amount: v.balance }],
        memo: { amount: v.balance, campaignId, campaign: c.name },
      });
      accounts++;
      returned += v.balance;
    }
    await campaignSql.markExpired(this.core.db, campaignId);
    return { accounts, returned };
  }

  /** An organiser awards つなポン to a participant who shows their one-time code. */
  async awardPoints(
    memberSubject: string,
    organiserId: string,
    key: string,
    input: { code: string; points: number; reason: string },
  ): Promise<Moved> {
    const organiser = await this.core.business(organiserId);
    const role = await currencySql.role(this.core.db, organiserId, memberSubject);
    if (!role || organiser.kind !== 'organiser') throw new CurrencyError('not_a_member', 'Only an organiser’s staff can award つなポン.');
    const code = await currencySql.code(this.core.db, input.code);
    if (!code) throw new CurrencyError('code_not_found');
    const { points } = await this.core.accounts.walletOf(code.subject);
    const { pointIssuer } = await this.core.accounts.systemAccounts();
    const now = this.core.clock();
    return this.core.move({
      scope: `biz:${organiserId}`,
      key,
      request: input,
      kind: 'points_award',
      legs: [{ from: pointIssuer, to: points, amount: input.points }],
      memo: { amount: input.points, organiser: organiser.name, reason: input.reason },
      extra: {
        claim: { id: `code:${input.code}`, code: 'code_used' },
        guard: async (tx) => {
          const locked = await currencySql.lockCode(tx, input.code);
          if (!locked) return 'code_not_found';
          if (locked.used_at) return 'code_used';
          return new Date(locked.expires_at).getTime() <= now.getTime() ? 'code_expired' : null;
        },
        onApplied: (tx, transferId) => currencySql.useCode(tx, input.code, transferId),
      },
    });
  }

  /** つなポン expire at the end of each fiscal year: every balance goes back to the issuer. */
  async expirePoints(fiscalYear: number): Promise<{ accounts: number; returned: number }> {
    const { pointIssuer } = await this.core.accounts.systemAccounts();
    let accounts = 0;
    let returned = 0;
    for (const p of await ledgerReads.positiveOfKind(this.core.db, 'points')) {
      await this.core.move({
        scope: 'city',
        key: `points-expiry:${fiscalYear}:${p.id}`,
        request: { account: p.id, fiscalYear },
        kind: 'points_expiry',
        legs: [{ from: p.id, to: pointIssuer, amount: p.balance }],
        memo: { amount: p.balance, fiscalYear },
      });
      accounts++;
      returned += p.balance;
    }
    return { accounts, returned };
  }
}
