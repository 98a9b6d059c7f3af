import i18n from 'i18next';
import { useTranslation } from 'react-i18next';
import { currentLanguage, type Language } from '../../i18n';
import { currencyJa, type CurrencyMessages } from './messages';
import { currencyEn } from './messages-en';

// The currency pages' own namespace, so that other code can reach these strings too (t('currency:…')).
i18n.addResourceBundle('ja', 'currency', currencyJa, true, true);
i18n.addResourceBundle('en', 'currency', currencyEn, true, true);

const bundles: Record<Language, CurrencyMessages> = { ja: currencyJa, en: currencyEn };

/** Fills `{{name}}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? String(values[key]) : whole));
}

const grouping = new Intl.NumberFormat('ja-JP');

/** "¥1,234" (negative: "−¥1,234"). */
export function yen(amount: number): string {
  const sign = amount < 0 ? '−' : '';
  return `${sign}¥${grouping.format(Math.abs(amount))}`;
}

/** "+¥1,234" / "−¥1,234" for history lines. */
export function signedYen(amount: number): string {
  return amount > 0 ? `+${yen(amount)}` : yen(amount);
}

export function pts(amount: number): string {
  return `${grouping.format(amount)} pt`;
}

/** The messages in the language shown now; re-renders when the language changes. */
export function useCurrencyText(): { m: CurrencyMessages; language: Language } {
  useTranslation();
  const language = currentLanguage();
  return { m: bundles[language], language };
}
