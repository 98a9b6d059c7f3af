import { useTranslation } from 'react-i18next';
import type { Loadable } from '../api/fetchJson';
import type { Municipality } from '../api/municipality';
import { currentLanguage } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';

type HeaderProps = {
  municipality: Loadable<Municipality>;
  /** In-page navigation only makes sense on the home page. */
  showSectionNav: boolean;
};

export function Header({ municipality, showSectionNav }: HeaderProps) {
  const { t } = useTranslation();
  const city = municipality.state === 'ready' ? municipality.value.name[currentLanguage()] : null;

  return (
    <header className="site-header">
      <div className="site-header__inner">
        <a className="brand" href="/">
          <Logo />
          <span className="brand__text">
            {/* "City × Tsunagu" in both languages; each half stays on one line when the header is narrow. */}
            <span className="brand__name">
              {city !== null && (
                <>
                  <span className="brand__part">{city}</span>{' '}
                </>
              )}
              <span className="brand__part">{city === null ? t('header.brand') : `× ${t('header.brand')}`}</span>
            </span>
            <span className="brand__tagline">{t('header.tagline')}</span>
          </span>
        </a>
        {showSectionNav && (
          <nav className="site-nav" aria-label={t('header.navLabel')}>
            <ul>
              <li>
                <a href="#services">{t('header.nav.services')}</a>
              </li>
              <li>
                <a href="#portals">{t('header.nav.portals')}</a>
              </li>
              <li>
                <a href="#developers">{t('header.nav.developers')}</a>
              </li>
            </ul>
          </nav>
        )}
        <LanguageSwitch />
      </div>
    </header>
  );
}
