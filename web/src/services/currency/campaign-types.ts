import { isRecord } from '../../api/fetchJson';
import { listOf } from '../../api/parse';

/**
 * Premium voucher campaigns, KPIs and payment requests. The currency API does not serve these
 * yet: the shapes below are what this UI asks of it (see the report / docs), read loosely.
 */

const str = (v: unknown): v is string => typeof v === 'string';
const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const optInt = (v: unknown): number | null => (int(v) ? v : null);

export type Campaign = {
  id: string;
  name: string;
  price: number;
  faceValue: number;
  smallShopValue: number;
  limitPerPerson: number | null;
  bought: number;
  expiresAt: string | null;
  status: string;
  issued: number | null;
  spent: number | null;
  returned: number | null;
};

function parseCampaign(v: unknown): Campaign | null {
  if (!isRecord(v) || !str(v.id) || !str(v.name) || !int(v.price) || !int(v.faceValue)) return null;
  return {
    id: v.id,
    name: v.name,
    price: v.price,
    faceValue: v.faceValue,
    smallShopValue: optInt(v.smallShopValue) ?? 0,
    limitPerPerson: optInt(v.limitPerPerson),
    bought: optInt(v.bought) ?? 0,
    expiresAt: str(v.expiresAt) ? v.expiresAt : null,
    status: str(v.status) ? v.status : 'open',
    issued: optInt(v.issued),
    spent: optInt(v.spent),
    returned: optInt(v.returned),
  };
}

export function parseCampaigns(v: unknown): Campaign[] | null {
  return isRecord(v) ? listOf(v.campaigns, parseCampaign) : null;
}

export type Kpis = {
  fiscalYear: number;
  fieldsWithPayments: number;
  volume: number;
  payments: number | null;
  feesSaved: number;
  byField: { field: string; volume: number; payments: number | null }[];
};

export function parseKpis(v: unknown): Kpis | null {
  if (!isRecord(v) || !int(v.fiscalYear) || !int(v.fieldsWithPayments) || !int(v.volume) || !int(v.feesSaved)) return null;
  return {
    fiscalYear: v.fiscalYear,
    fieldsWithPayments: v.fieldsWithPayments,
    volume: v.volume,
    payments: optInt(v.payments),
    feesSaved: v.feesSaved,
    byField:
      listOf(v.byField, (f) =>
        isRecord(f) && str(f.field) && int(f.volume) ? { field: f.field, volume: f.volume, payments: optInt(f.payments) } : null,
      ) ?? [],
  };
}

export type PaymentRequest = {
  id: string;
  requester: string;
  payee: string;
  amount: number;
  description: string | null;
  status: string;
  returnUrl: string | null;
};

export function parsePaymentRequest(v: unknown): PaymentRequest | null {
  if (!isRecord(v) || !str(v.id) || !int(v.amount) || !str(v.status)) return null;
  const name = (x: unknown): string | null => (str(x) ? x : isRecord(x) && str(x.name) ? x.name : null);
  return {
    id: v.id,
    requester: name(v.service) ?? name(v.requester) ?? '',
    payee: name(v.payee) ?? '',
    amount: v.amount,
    description: str(v.description) ? v.description : null,
    status: v.status,
    returnUrl: str(v.returnUrl) ? v.returnUrl : null,
  };
}
