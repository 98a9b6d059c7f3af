import { useTranslation } from 'react-i18next';

/** Plain links to documents the server serves (not routes of this app). */
export function DeveloperSection() {
  const { t } = useTranslation();
  return (
    <section id="developers" className="section section--developers" aria-labelledby="developers-title">
      <h2 id="developers-title">{t('developers.heading')}</h2>
      <p className="section__intro">{t('developers.intro')}</p>
      <ul className="dev-links">
        <li>
          <a href="/docs" className="dev-link">
            <span className="dev-link__title">{t('developers.docs')}</span>
            <span className="dev-link__note">{t('developers.docsNote')}</span>
          </a>
        </li>
        <li>
          <a href="/.well-known/api-catalog" className="dev-link" type="application/linkset+json">
            <span className="dev-link__title">{t('developers.catalog')}</span>
            <span className="dev-link__note">{t('developers.catalogNote')}</span>
          </a>
        </li>
      </ul>
    </section>
  );
}
