import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { catalogModulesUrl, parseCatalogModules } from './api/catalog';
import { municipalityUrl, parseMunicipality } from './api/municipality';
import { useServerJson } from './api/useServerJson';
import { LoginPage } from './components/auth/LoginPage';
import { SignupPage } from './components/auth/SignupPage';
import { Footer } from './components/Footer';
import { Header } from './components/Header';
import { HomePage } from './components/HomePage';
import { InteractionPage } from './components/interaction/InteractionPage';
import { MyDataPage } from './components/mydata/MyDataPage';
import { NotFound } from './components/NotFound';
import { ServiceDirectoryPage } from './components/ServiceDirectoryPage';
import { currentLanguage } from './i18n';
import { SafetyPage } from './services/disaster/SafetyPage';
import { StaffPage as DisasterStaffPage } from './services/disaster/StaffPage';
import { SupportPage as DisasterSupportPage } from './services/disaster/SupportPage';
import { matchPath, useLocation } from './router';
import { currencyRouteFor, CurrencyPage, type CurrencyRoute } from './services/currency/routes';
import { SessionProvider } from './session';

type Route =
  | { page: 'home' }
  | { page: 'login' }
  | { page: 'signup' }
  | { page: 'mydata' }
  | { page: 'services' }
  | { page: 'interaction'; uid: string }
  | { page: 'disasterSafety' }
  | { page: 'disasterSupport' }
  | { page: 'disasterStaff' }
  | { page: 'currency'; route: CurrencyRoute }
  | { page: 'notFound' };

/** The app's pages by path; the server sends every page path to this one shell. */
function routeFor(pathname: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { page: 'home' };
  const fixed = {
    '/login': 'login',
    '/signup': 'signup',
    '/mydata': 'mydata',
    '/services': 'services',
    '/safety': 'disasterSafety',
    '/disaster': 'disasterSafety',
    '/safety/support': 'disasterSupport',
    '/disaster/staff': 'disasterStaff',
  } as const;
  const path = pathname.replace(/\/+$/, '');
  if (Object.hasOwn(fixed, path)) return { page: fixed[path as keyof typeof fixed] };
  const interaction = matchPath('/interaction/:uid', pathname);
  if (interaction?.uid !== undefined) return { page: 'interaction', uid: interaction.uid };
  const currency = currencyRouteFor(pathname);
  if (currency !== null) return { page: 'currency', route: currency };
  return { page: 'notFound' };
}

export function App() {
  return (
    <SessionProvider>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { pathname } = useLocation();
  const route = routeFor(pathname);
  const municipality = useServerJson(municipalityUrl, parseMunicipality);
  const catalog = useServerJson(catalogModulesUrl, parseCatalogModules);
  const city = municipality.state === 'ready' ? municipality.value.name[language] : null;
  const namesItself = route.page === 'home' || route.page === 'notFound';

  // The home page's tab title follows the language and, once known, names the city;
  // every other page names itself (usePageTitle).
  useEffect(() => {
    if (!namesItself) return;
    document.title = city === null ? t('meta.title') : t('meta.titleWithCity', { city });
  }, [city, t, namesItself]);

  // After an in-app page change, focus goes to the new page's heading (or main), as a
  // full page load would put a screen reader at the top of the new content.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = document.querySelector<HTMLElement>('#main h1[tabindex]');
    (heading ?? document.getElementById('main'))?.focus();
  }, [pathname]);

  return (
    <>
      {/* Chromium does not move focus to a fragment target on its own, so the link does. */}
      <a className="skip-link" href="#main" onClick={() => document.getElementById('main')?.focus()}>
        {t('skipLink')}
      </a>
      <Header municipality={municipality} showSectionNav={route.page === 'home'} />
      <main id="main" tabIndex={-1}>
        <Page route={route} catalog={catalog} />
      </main>
      <Footer />
    </>
  );
}

function Page({ route, catalog }: { route: Route; catalog: Parameters<typeof HomePage>[0]['catalog'] }) {
  switch (route.page) {
    case 'home':
      return <HomePage catalog={catalog} />;
    case 'login':
      return <LoginPage />;
    case 'signup':
      return <SignupPage />;
    case 'mydata':
      return <MyDataPage />;
    case 'services':
      return <ServiceDirectoryPage />;
    case 'interaction':
      // Keyed so that a different sign-in request starts from a clean slate.
      return <InteractionPage key={route.uid} uid={route.uid} />;
    case 'disasterSafety':
      return <SafetyPage />;
    case 'disasterSupport':
      return <DisasterSupportPage />;
    case 'disasterStaff':
      return <DisasterStaffPage />;
    case 'currency':
      return <CurrencyPage route={route.route} />;
    case 'notFound':
      return <NotFound />;
  }
}
