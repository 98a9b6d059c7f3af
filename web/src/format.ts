import type { Language } from './i18n';

/** The city runs on Japan time, whatever the visitor's device says. */
const timeZone = 'Asia/Tokyo';

const dateFormats: Record<Language, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', { timeZone, year: 'numeric', month: 'long', day: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'long', day: 'numeric' }),
};

const dateTimeFormats: Record<Language, Intl.DateTimeFormat> = {
  ja: new Intl.DateTimeFormat('ja-JP', {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }),
};

// 令和8年 — the Japanese era year that many forms and residents still use.
const eraYear = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { timeZone, era: 'long', year: 'numeric' });

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "2026年11月25日（令和8年）" in Japanese, "25 November 2026" in English. */
export function formatDate(iso: string, language: Language): string {
  const date = parse(iso);
  if (date === null) return iso;
  const day = dateFormats[language].format(date);
  return language === 'ja' ? `${day}（${eraYear.format(date)}）` : day;
}

/** "2026年11月25日 14:03" (Japan time) or "25 Nov 2026, 14:03". */
export function formatDateTime(iso: string, language: Language): string {
  const date = parse(iso);
  return date === null ? iso : dateTimeFormats[language].format(date);
}
