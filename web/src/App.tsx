import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogModulesUrl, parseCatalogModules } from './api/catalog';
import { municipalityUrl, parseMunicipality } from './api/municipality';
import { useServerJson } from './api/useServerJson';
import { Footer } from './components/Footer';
import { Header } from './components/Header';
import { HomePage } from './components/HomePage';
import { NotFound } from './components/NotFound';
import { currentLanguage } from './i18n';

/** Only the home page exists so far; the server sends every other page path here too. */
function isHomePath(pathname: string): boolean {
  return pathname === '/' || pathname === '/index.html';
}

export function App() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const municipality = useServerJson(municipalityUrl, parseMunicipality);
  const catalog = useServerJson(catalogModulesUrl, parseCatalogModules);
  const city = municipality.state === 'ready' ? municipality.value.name[language] : null;
  const isHome = isHomePath(window.location.pathname);

  // The tab title follows the language and, once known, names the city.
  useEffect(() => {
    document.title = city === null ? t('meta.title') : t('meta.titleWithCity', { city });
  }, [city, t]);

  return (
    <>
      {/* Chromium does not move focus to a fragment target on its own, so the link does. */}
      <a className="skip-link" href="#main" onClick={() => document.getElementById('main')?.focus()}>
        {t('skipLink')}
      </a>
      <Header municipality={municipality} showSectionNav={isHome} />
      <main id="main" tabIndex={-1}>
        {isHome ? <HomePage catalog={catalog} /> : <NotFound />}
      </main>
      <Footer />
    </>
  );
}
