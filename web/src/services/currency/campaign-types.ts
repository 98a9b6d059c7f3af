import { isRecord } from '../../api/fetchJson';
import { listOf } from '../../api/parse';

/** Premium voucher campaigns, KPIs and payment requests as the currency API sends them, read loosely. */

const str = (v: unknown): v is string => typeof v === 'string';
const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export type Campaign = {
  id: string;
  name: string;
  price: number;
  faceValue: number;
  smallShopPart: number;
  perPersonLimit: number;
  saleStarts: string;
  saleEnds: string;
  expiresAt: string;
  expired: boolean;
};

export type CampaignStatus = 'scheduled' | 'open' | 'closed' | 'expired';

/** On sale between its start and end; expired once the city returned the unused value. */
export function statusOf(c: Campaign, now = Date.now()): CampaignStatus {
  if (c.expired || new Date(c.expiresAt).getTime() <= now) return 'expired';
  if (now < new Date(c.saleStarts).getTime()) return 'scheduled';
  if (now >= new Date(c.saleEnds).getTime()) return 'closed';
  return 'open';
}

function parseCampaign(v: unknown): Campaign | null {
  if (!isRecord(v) || !str(v.id) || !str(v.name) || !int(v.price) || !int(v.faceValue)) return null;
  if (!str(v.saleStarts) || !str(v.saleEnds) || !str(v.expiresAt)) return null;
  return {
    id: v.id,
    name: v.name,
    price: v.price,
    faceValue: v.faceValue,
    smallShopPart: int(v.smallShopPart) ? v.smallShopPart : 0,
    perPersonLimit: int(v.perPersonLimit) ? v.perPersonLimit : 1,
    saleStarts: v.saleStarts,
    saleEnds: v.saleEnds,
    expiresAt: v.expiresAt,
    expired: v.expired === true,
  };
}

export function parseCampaigns(v: unknown): Campaign[] | null {
  return isRecord(v) ? listOf(v.campaigns, parseCampaign) : null;
}

export type CampaignSummary = { campaign: Campaign; sold: number; issued: number; returnedAtExpiry: number; fundBalance: number };

export function parseCampaignSummary(v: unknown): CampaignSummary | null {
  if (!isRecord(v) || !int(v.sold) || !int(v.issued) || !int(v.returnedAtExpiry) || !int(v.fundBalance)) return null;
  const campaign = parseCampaign(v.campaign);
  return campaign === null ? null : { campaign, sold: v.sold, issued: v.issued, returnedAtExpiry: v.returnedAtExpiry, fundBalance: v.fundBalance };
}

export type Kpis = {
  fieldsWithPayments: number;
  fields: { field: string; label: { ja: string; en: string }; payments: number; volume: number }[];
  volumeByFiscalYear: { fiscalYear: number; payments: number; volume: number }[];
  feesSavedByFiscalYear: { fiscalYear: number; sales: number; fees: number; typicalFees: number; feesSaved: number }[];
};

export function parseKpis(v: unknown): Kpis | null {
  if (!isRecord(v) || !int(v.fieldsWithPayments)) return null;
  return {
    fieldsWithPayments: v.fieldsWithPayments,
    fields:
      listOf(v.fields, (f) =>
        isRecord(f) && str(f.field) && int(f.payments) && int(f.volume) && isRecord(f.label) && str(f.label.ja) && str(f.label.en)
          ? { field: f.field, label: { ja: f.label.ja, en: f.label.en }, payments: f.payments, volume: f.volume }
          : null,
      ) ?? [],
    volumeByFiscalYear:
      listOf(v.volumeByFiscalYear, (y) =>
        isRecord(y) && int(y.fiscalYear) && int(y.payments) && int(y.volume)
          ? { fiscalYear: y.fiscalYear, payments: y.payments, volume: y.volume }
          : null,
      ) ?? [],
    feesSavedByFiscalYear:
      listOf(v.feesSavedByFiscalYear, (y) =>
        isRecord(y) && int(y.fiscalYear) && int(y.sales) && int(y.fees) && int(y.typicalFees) && int(y.feesSaved)
          ? { fiscalYear: y.fiscalYear, sales: y.sales, fees: y.fees, typicalFees: y.typicalFees, feesSaved: y.feesSaved }
          : null,
      ) ?? [],
  };
}

export type PaymentReview = {
  id: string;
  status: string;
  amount: number;
  description: string;
  payee: string;
  service: string;
  expiresAt: string | null;
};

/** GET /payment-requests/:id/review */
export function parseReview(v: unknown): PaymentReview | null {
  if (!isRecord(v) || !isRecord(v.request) || !isRecord(v.payee)) return null;
  const r = v.request;
  if (!str(r.id) || !str(r.status) || !int(r.amount) || !str(v.payee.name)) return null;
  return {
    id: r.id,
    status: r.status,
    amount: r.amount,
    description: str(r.description) ? r.description : '',
    payee: v.payee.name,
    service: str(v.service) ? v.service : '',
    expiresAt: str(r.expiresAt) ? r.expiresAt : null,
  };
}

export function parseDecline(v: unknown): { redirectTo: string | null } | null {
  return isRecord(v) && isRecord(v.request) ? { redirectTo: str(v.redirectTo) ? v.redirectTo : null } : null;
}

export function parseApproval(v: unknown): { redirectTo: string | null } | null {
  return isRecord(v) && isRecord(v.transfer) ? { redirectTo: str(v.redirectTo) ? v.redirectTo : null } : null;
}
