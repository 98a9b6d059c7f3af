import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import i18n, { currentLanguage } from '../../i18n';
import { en, ja, type DisasterMessages } from './messages';

i18n.addResourceBundle('ja', 'disaster', ja, true, true);
i18n.addResourceBundle('en', 'disaster', en, true, true);

type Paths<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${Paths<T[K]>}` }[keyof T & string];
export type DisasterKey = Paths<DisasterMessages>;
export type DisasterT = (key: DisasterKey, vars?: Record<string, string | number>) => string;

/** `t` for the disaster pages' own namespace; re-renders when the language changes. */
export function useDisasterT(): { t: DisasterT; language: 'ja' | 'en' } {
  const { i18n: instance } = useTranslation();
  const language = currentLanguage();
  const t = useCallback<DisasterT>(
    (key, vars) => (instance.t as unknown as (k: string, o: object) => string)(key, { ns: 'disaster', lng: language, ...vars }),
    [instance, language],
  );
  return { t, language };
}
