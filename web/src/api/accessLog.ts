import { callApi } from './http';
import { isRecord, listOf, localizedOrPlain, oneOf, parseLocalizedText, text, type LocalizedText } from './parse';

/** One read or write of the citizen's data, allowed or denied, from the linkage access log. */
export type AccessLogEntry = {
  id: string;
  seq: number;
  at: string;
  clientId: string;
  serviceName: LocalizedText;
  company: string;
  category: string;
  label: LocalizedText;
  action: 'read' | 'write';
  outcome: 'allowed' | 'denied';
  reason: string | null;
  purpose: LocalizedText | null;
  consentVersion: number | null;
  sentence: LocalizedText;
};

export type AccessLogPage = { entries: AccessLogEntry[]; next: number | null };

function parseEntry(value: unknown): AccessLogEntry | null {
  if (!isRecord(value) || typeof value.seq !== 'number') return null;
  const service = isRecord(value.service) ? value.service : {};
  const id = text(value.id) ?? String(value.seq);
  const at = text(value.at);
  const category = text(value.category);
  const action = oneOf(value.action, ['read', 'write'] as const);
  const outcome = oneOf(value.outcome, ['allowed', 'denied'] as const);
  const label = parseLocalizedText(value.label) ?? (category !== null ? { ja: category, en: category } : null);
  const sentence = parseLocalizedText(value.sentence);
  if (at === null || category === null || action === null || outcome === null || label === null || sentence === null) return null;
  return {
    id,
    seq: value.seq,
    at,
    clientId: text(value.clientId) ?? '',
    serviceName: localizedOrPlain(service.name) ?? localizedOrPlain(value.clientId) ?? { ja: '', en: '' },
    company: text(service.company) ?? '',
    category,
    label,
    action,
    outcome,
    reason: text(value.reason),
    purpose: localizedOrPlain(value.purpose),
    consentVersion: typeof value.consentVersion === 'number' ? value.consentVersion : null,
    sentence,
  };
}

function parsePage(body: unknown): AccessLogPage | null {
  if (!isRecord(body)) return null;
  const entries = listOf(body.entries, parseEntry);
  if (entries === null) return null;
  return { entries, next: typeof body.next === 'number' ? body.next : null };
}

export const accessLogPageSize = 50;

export function loadAccessLog(before: number | null, signal: AbortSignal) {
  const query = new URLSearchParams({ limit: String(accessLogPageSize) });
  if (before !== null) query.set('before', String(before));
  return callApi('GET', `/api/linkage/access-log?${query.toString()}`, parsePage, { signal });
}
