import { useTranslation } from 'react-i18next';
import { currentLanguage, rememberLanguage, type Language } from '../i18n';

const otherLanguage: Record<Language, Language> = { ja: 'en', en: 'ja' };

/**
 * One button that switches to the other language. Its visible label is in the
 * target language (and marked with that `lang`), and the accessible name
 * starts with the same words so speech users can say what they see.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const target = otherLanguage[currentLanguage()];

  function switchLanguage() {
    rememberLanguage(target);
    void i18n.changeLanguage(target);
  }

  return (
    <button type="button" className="language-switch" onClick={switchLanguage} aria-label={t('language.ariaLabel')}>
      <svg className="icon icon--small" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
        <path d="M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z" />
        <path d="M3 12h18" />
        <path d="M12 3c2.5 2.5 3.6 5.6 3.6 9s-1.1 6.5-3.6 9c-2.5-2.5-3.6-5.6-3.6-9S9.5 5.5 12 3z" />
      </svg>
      <span lang={target}>{t('language.switchTo')}</span>
    </button>
  );
}
