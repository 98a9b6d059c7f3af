import { isRecord } from '../../api/fetchJson';
import { listOf } from '../../api/parse';

/** What the currency API sends, checked loosely: a value of the wrong shape becomes null. */

const str = (v: unknown): v is string => typeof v === 'string';
const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export type Voucher = {
  accountId: string;
  campaignId: string | null;
  name: string;
  balance: number;
  restriction: 'any_shop' | 'small_shop' | null;
  expiresAt: string | null;
};

export type Bank = { bankName: string; accountMasked: string; demo: boolean; label: string };

export type Wallet = { accountId: string; balance: number; held: number; points: number; vouchers: Voucher[]; bank: Bank | null };

function parseVoucher(v: unknown): Voucher | null {
  if (!isRecord(v) || !str(v.accountId) || !str(v.name) || !int(v.balance)) return null;
  const restriction = v.restriction === 'any_shop' || v.restriction === 'small_shop' ? v.restriction : null;
  return {
    accountId: v.accountId,
    campaignId: str(v.campaignId) ? v.campaignId : null,
    name: v.name,
    balance: v.balance,
    restriction,
    expiresAt: str(v.expiresAt) ? v.expiresAt : null,
  };
}

export function parseWallet(v: unknown): Wallet | null {
  if (!isRecord(v) || !str(v.accountId) || !int(v.balance) || !int(v.points)) return null;
  const b = v.bank;
  const bank =
    isRecord(b) && str(b.bankName) && str(b.accountMasked) && str(b.label)
      ? { bankName: b.bankName, accountMasked: b.accountMasked, demo: b.demo === true, label: b.label }
      : null;
  return {
    accountId: v.accountId,
    balance: v.balance,
    held: int(v.held) ? v.held : 0,
    points: v.points,
    vouchers: listOf(v.vouchers, parseVoucher) ?? [],
    bank,
  };
}

export type Line = {
  entryId: number;
  transferId: string;
  kind: string;
  amount: number;
  balanceAfter: number;
  description: string | null;
  at: string;
};
export type Statement = { opening: number; lines: Line[] };

function parseLine(v: unknown): Line | null {
  if (!isRecord(v) || !int(v.entryId) || !str(v.transferId) || !str(v.kind) || !int(v.amount) || !int(v.balanceAfter) || !str(v.at)) return null;
  return {
    entryId: v.entryId,
    transferId: v.transferId,
    kind: v.kind,
    amount: v.amount,
    balanceAfter: v.balanceAfter,
    description: str(v.description) ? v.description : null,
    at: v.at,
  };
}

export function parseStatement(v: unknown): Statement | null {
  if (!isRecord(v) || !int(v.opening)) return null;
  return { opening: v.opening, lines: listOf(v.lines, parseLine) ?? [] };
}

export type Payee = { id: string; name: string; field: string };
export type Transfer = { transferId: string; kind: string; amount: number; fee: number; payee: Payee | null; createdAt: string; replayed: boolean };

export function parseTransfer(v: unknown): Transfer | null {
  if (!isRecord(v) || !str(v.transferId) || !str(v.kind) || !int(v.amount) || !str(v.createdAt)) return null;
  const p = v.payee;
  return {
    transferId: v.transferId,
    kind: v.kind,
    amount: v.amount,
    fee: int(v.fee) ? v.fee : 0,
    payee: isRecord(p) && str(p.id) && str(p.name) && str(p.field) ? { id: p.id, name: p.name, field: p.field } : null,
    createdAt: v.createdAt,
    replayed: v.replayed === true,
  };
}

export type OneTimeCode = { code: string; expiresAt: string };

export function parseCode(v: unknown): OneTimeCode | null {
  return isRecord(v) && str(v.code) && str(v.expiresAt) ? { code: v.code, expiresAt: v.expiresAt } : null;
}

export type ShopInfo = { id: string; name: string; field: string; acceptsPoints: boolean };

export function parseShopInfo(v: unknown): ShopInfo | null {
  if (!isRecord(v) || !str(v.id) || !str(v.name) || !str(v.field)) return null;
  return { id: v.id, name: v.name, field: v.field, acceptsPoints: v.acceptsPoints === true };
}

export type Business = {
  id: string;
  name: string;
  kind: string;
  size: 'small' | 'large';
  field: string;
  staticCode: string;
  acceptsPoints: boolean;
  accountId: string;
};

export function parseBusiness(v: unknown): Business | null {
  if (!isRecord(v) || !str(v.id) || !str(v.name) || !str(v.kind) || !str(v.field) || !str(v.staticCode) || !str(v.accountId)) return null;
  return {
    id: v.id,
    name: v.name,
    kind: v.kind,
    size: v.size === 'large' ? 'large' : 'small',
    field: v.field,
    staticCode: v.staticCode,
    acceptsPoints: v.acceptsPoints === true,
    accountId: v.accountId,
  };
}

export type Membership = { business: Business; role: string };

export function parseMemberships(v: unknown): Membership[] | null {
  if (!isRecord(v)) return null;
  return listOf(v.businesses, (item) => {
    if (!isRecord(item) || !str(item.role)) return null;
    const business = parseBusiness(item.business);
    return business === null ? null : { business, role: item.role };
  });
}

export type ShopBalance = { business: Business; balance: number; points: number };

export function parseShopBalance(v: unknown): ShopBalance | null {
  if (!isRecord(v) || !int(v.balance)) return null;
  const business = parseBusiness(v.business);
  return business === null ? null : { business, balance: v.balance, points: int(v.points) ? v.points : 0 };
}

export type FeeStatement = {
  fiscalYear: number;
  sales: number;
  refunds: number;
  netSales: number;
  feesReturned: number;
  payments: number;
  fees: number;
  rateBp: number;
  annualCap: number | null;
  typicalRateBp: number;
  typicalFee: number;
  feeSaved: number;
};

export function parseFeeStatement(v: unknown): FeeStatement | null {
  if (!isRecord(v)) return null;
  const keys = ['fiscalYear', 'sales', 'payments', 'fees', 'rateBp', 'typicalRateBp', 'typicalFee', 'feeSaved'] as const;
  for (const key of keys) if (!int(v[key])) return null;
  return {
    fiscalYear: v.fiscalYear as number,
    sales: v.sales as number,
    refunds: int(v.refunds) ? v.refunds : 0,
    netSales: int(v.netSales) ? v.netSales : (v.sales as number),
    feesReturned: int(v.feesReturned) ? v.feesReturned : 0,
    payments: v.payments as number,
    fees: v.fees as number,
    rateBp: v.rateBp as number,
    annualCap: int(v.annualCap) ? v.annualCap : null,
    typicalRateBp: v.typicalRateBp as number,
    typicalFee: v.typicalFee as number,
    feeSaved: v.feeSaved as number,
  };
}

export type FieldOfUse = { id: string; ja: string; en: string };

export function parseFields(v: unknown): FieldOfUse[] | null {
  if (!isRecord(v)) return null;
  return listOf(v.fields, (f) => (isRecord(f) && str(f.id) && str(f.ja) && str(f.en) ? { id: f.id, ja: f.ja, en: f.en } : null));
}

export type Me = { subject: string; acr: string | null };

export function parseMe(v: unknown): Me | null {
  return isRecord(v) && str(v.subject) ? { subject: v.subject, acr: str(v.acr) ? v.acr : null } : null;
}
