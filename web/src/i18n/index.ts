import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ja, type Messages } from './ja';

/** Languages the web app ships; Japanese first. */
export const languages = ['ja', 'en'] as const;
export type Language = (typeof languages)[number];

export const defaultLanguage: Language = 'ja';
/** localStorage key that remembers the visitor's choice across reloads. */
export const languageStorageKey = 'tsunagu.lang';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const saved = window.localStorage.getItem(languageStorageKey);
    return isLanguage(saved) ? saved : defaultLanguage;
  } catch {
    // Storage can be blocked (private mode, strict cookie settings): fall back quietly.
    return defaultLanguage;
  }
}

export function rememberLanguage(language: Language): void {
  try {
    window.localStorage.setItem(languageStorageKey, language);
  } catch {
    // Same as above: the switch still works for this page view.
  }
}

/** The language i18next is showing now, narrowed to one we ship. */
export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : defaultLanguage;
}

// Module augmentation has to use `interface`; it makes `t()` keys type-checked.
declare module 'i18next' {
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- declaration merging needs an interface
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

void i18n.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: defaultLanguage,
  supportedLngs: [...languages],
  // Resources are bundled, so initialise synchronously and render translated text on first paint.
  initAsync: false,
  // React already escapes text.
  interpolation: { escapeValue: false },
  returnNull: false,
});

// <html lang> follows the language from the first paint on, so screen readers
// and fonts pick the right language even before React renders.
document.documentElement.lang = currentLanguage();
i18n.on('languageChanged', () => {
  document.documentElement.lang = currentLanguage();
});

export default i18n;
