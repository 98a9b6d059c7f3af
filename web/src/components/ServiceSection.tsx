import { useTranslation } from 'react-i18next';
import { availablePortal, type CatalogModule } from '../api/catalog';
import type { Loadable } from '../api/fetchJson';
import { serviceModules } from '../services';
import { ServiceCard } from './ServiceCard';

/** The seven services and Well-Being; the catalog only decides which ones link. */
export function ServiceSection({ catalog }: { catalog: Loadable<CatalogModule[]> }) {
  const { t } = useTranslation();
  const modules = catalog.state === 'ready' ? catalog.value : [];

  return (
    <section id="services" className="section" aria-labelledby="services-title">
      <h2 id="services-title">{t('services.heading')}</h2>
      <p className="section__intro">{t('services.intro')}</p>
      <p className="section__notice" role="status">
        {catalog.state === 'loading' && t('services.loading')}
        {catalog.state === 'failed' && t('services.loadFailed')}
      </p>
      <ul className="card-grid" aria-busy={catalog.state === 'loading'}>
        {serviceModules.map(({ module, mark }) => (
          <ServiceCard key={module} module={module} mark={mark} portal={availablePortal(modules, module)} checking={catalog.state === 'loading'} />
        ))}
      </ul>
    </section>
  );
}
