import { callApi } from './http';
import { isRecord, listOf, localizedList, localizedOrPlain, oneOf, parseLocalizedText, text, type LocalizedText } from './parse';

/** One service's opt-in as the citizen sees it in マイデータ. */
export type MyConsent = {
  consentId: string;
  clientId: string;
  service: { name: LocalizedText; company: string };
  status: 'active' | 'withdrawn';
  version: number;
  categories: { category: string; label: LocalizedText }[];
  purposes: LocalizedText[];
  /** First opt-in. */
  since: string;
  updatedAt: string;
};

function parseCategory(value: unknown): { category: string; label: LocalizedText } | null {
  if (!isRecord(value)) return null;
  const category = text(value.category);
  const label = parseLocalizedText(value.label);
  return category === null || label === null ? null : { category, label };
}

export function parseConsent(value: unknown): MyConsent | null {
  if (!isRecord(value) || !isRecord(value.service)) return null;
  const consentId = text(value.consentId);
  const clientId = text(value.clientId);
  // The server may send the service name as one string rather than `{ ja, en }`.
  const name = localizedOrPlain(value.service.name);
  const company = text(value.service.company);
  const status = oneOf(value.status, ['active', 'withdrawn'] as const);
  const since = text(value.since);
  const updatedAt = text(value.updatedAt) ?? since;
  if (consentId === null || clientId === null || name === null || company === null || status === null || since === null || updatedAt === null)
    return null;
  return {
    consentId,
    clientId,
    service: { name, company },
    status,
    version: typeof value.version === 'number' ? value.version : 1,
    categories: listOf(value.categories, parseCategory) ?? [],
    purposes: localizedList(value.purposes),
    since,
    updatedAt,
  };
}

const parseConsents = (body: unknown) => (isRecord(body) ? listOf(body.consents, parseConsent) : null);

export const loadMyConsents = (signal: AbortSignal) => callApi('GET', '/api/consent/mine', parseConsents, { signal });

/** Withdraws some categories, or the whole service when `categories` is undefined. */
export const withdrawConsent = (clientId: string, categories?: string[]) =>
  callApi('POST', `/api/consent/mine/${encodeURIComponent(clientId)}/withdraw`, parseConsent, { body: categories ? { categories } : {} });

/** The readable part of a Kantara Consent Receipt v1.1; the full JSON is kept for download. */
export type ReceiptSummary = {
  receiptId: string;
  timestamp: string | null;
  controllers: string[];
  services: string[];
  purposes: string[];
  categories: string[];
  termination: string | null;
  version: number | null;
  status: string | null;
  policyUrl: string | null;
};

export type Receipt = { summary: ReceiptSummary; json: string; jws: string };

const strings = (value: unknown): string[] => listOf(value, text) ?? [];

function summarise(receipt: Record<string, unknown>): ReceiptSummary {
  const services = listOf(receipt.services, (s) => (isRecord(s) ? s : null)) ?? [];
  const purposes = services.flatMap((s) => listOf(s.purposes, (p) => (isRecord(p) ? p : null)) ?? []);
  const own = isRecord(receipt['x-tsunagu']) ? receipt['x-tsunagu'] : {};
  const timestamp = typeof receipt.consentTimestamp === 'number' ? new Date(receipt.consentTimestamp * 1000).toISOString() : null;
  return {
    receiptId: text(receipt.consentReceiptID) ?? '',
    timestamp,
    controllers: (listOf(receipt.piiControllers, (c) => (isRecord(c) ? text(c.piiController) : null)) ?? []).filter((c) => c !== ''),
    services: services.map((s) => text(s.service)).filter((s): s is string => s !== null),
    purposes: purposes.map((p) => text(p.purpose)).filter((p): p is string => p !== null),
    categories: [...new Set(purposes.flatMap((p) => strings(p.piiCategory)))],
    termination: purposes.map((p) => text(p.termination)).find((p) => p !== null) ?? null,
    version: typeof own.consentVersion === 'number' ? own.consentVersion : null,
    status: text(own.status),
    policyUrl: text(receipt.policyUrl),
  };
}

function parseReceipt(body: unknown): Receipt | null {
  if (!isRecord(body) || !isRecord(body.receipt)) return null;
  const jws = text(body.jws);
  if (jws === null) return null;
  return { summary: summarise(body.receipt), json: JSON.stringify(body.receipt, null, 2), jws };
}

export const loadReceipt = (consentId: string, signal: AbortSignal) =>
  callApi('GET', `/api/consent/receipts/${encodeURIComponent(consentId)}`, parseReceipt, { signal });
