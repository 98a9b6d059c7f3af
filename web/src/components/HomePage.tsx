import type { CatalogModule } from '../api/catalog';
import type { Loadable } from '../api/fetchJson';
import { DeveloperSection } from './DeveloperSection';
import { Hero } from './Hero';
import { PortalSection } from './PortalSection';
import { ServiceSection } from './ServiceSection';

export function HomePage({ catalog }: { catalog: Loadable<CatalogModule[]> }) {
  return (
    <>
      <Hero />
      <div className="page">
        <ServiceSection catalog={catalog} />
        <PortalSection />
        <DeveloperSection />
      </div>
    </>
  );
}
