import { useTranslation } from 'react-i18next';
import type { Loadable } from '../api/fetchJson';
import type { Municipality } from '../api/municipality';
import { currentLanguage } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { LanguageSwitch } from './LanguageSwitch';
import { Logo } from './Logo';

type HeaderProps = {
  municipality: Loadable<Municipality>;
  /** In-page navigation only makes sense on the home page. */
  showSectionNav: boolean;
};

export function Header({ municipality, showSectionNav }: HeaderProps) {
  const { t } = useTranslation();
  const { session } = useSession();
  const city = municipality.state === 'ready' ? municipality.value.name[currentLanguage()] : null;

  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link className="brand" href="/">
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
        </Link>
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
        <nav className="site-nav site-nav--main" aria-label={t('header.mainNavLabel')}>
          <ul>
            <li>
              <Link href="/services" id="header-directory-link">
                {t('header.directory')}
              </Link>
            </li>
            <li>
              <Link href="/safety" id="header-safety-link">
                {t('header.safety')}
              </Link>
            </li>
            {/* Nothing until the server has answered, so the link never flips in front of the visitor. */}
            {session.state !== 'loading' && (
              <li>
                {session.state === 'signedIn' ? (
                  <Link href="/mydata" id="header-account-link" className="account-link" data-session="signed-in">
                    {t('header.myData')}
                  </Link>
                ) : (
                  <Link href="/login" id="header-account-link" className="account-link" data-session="signed-out">
                    {t('header.signIn')}
                  </Link>
                )}
              </li>
            )}
          </ul>
        </nav>
        <LanguageSwitch />
      </div>
    </header>
  );
}
