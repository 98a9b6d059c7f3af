import { useTranslation } from 'react-i18next';
import { parsePublicServices, publicServicesUrl, type PublicService } from '../api/identity';
import { useServerJson } from '../api/useServerJson';
import { currentLanguage } from '../i18n';
import { Link } from '../router';
import { usePageTitle } from './usePageTitle';

/** `/services`: every service connected to the City OS, who runs it, what it asks for and why. */
export function ServiceDirectoryPage() {
  const { t } = useTranslation();
  usePageTitle(t('directory.title'));
  const services = useServerJson(publicServicesUrl, parsePublicServices);

  return (
    <div className="page">
      <section className="section" aria-labelledby="directory-title">
        <h1 id="directory-title" className="page-title" tabIndex={-1}>
          {t('directory.title')}
        </h1>
        <p className="section__intro">{t('directory.lead')}</p>
        <p className="section__intro">
          <Link href="/mydata">{t('directory.manage')}</Link>
        </p>
        <p className="section__notice" role="status">
          {services.state === 'loading' && t('common.loading')}
        </p>
        <div role="alert" className="alert-region">
          {services.state === 'failed' && (
            <div className="alert alert--error">
              <p className="alert__title">{t('directory.loadFailed')}</p>
            </div>
          )}
        </div>
        {services.state === 'ready' && services.value.length === 0 && <p className="empty">{t('directory.empty')}</p>}
        {services.state === 'ready' && services.value.length > 0 && (
          <ul className="directory" id="directory-list">
            {services.value.map((service) => (
              <DirectoryEntry key={service.clientId} service={service} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function DirectoryEntry({ service }: { service: PublicService }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const headingId = `directory-${service.clientId}`;
  return (
    <li className="directory__entry" data-service={service.clientId} aria-labelledby={headingId}>
      <h2 id={headingId} className="directory__name">
        {service.name[language]}
      </h2>
      <p className="directory__company">{t('directory.company', { company: service.company })}</p>
      {service.description[language] !== '' && <p>{service.description[language]}</p>}
      {service.purposes.length > 0 && (
        <>
          <h3 className="directory__subtitle">{t('directory.purposes')}</h3>
          <ul className="directory__purposes">
            {service.purposes.map((purpose) => (
              <li key={purpose.ja}>{purpose[language]}</li>
            ))}
          </ul>
        </>
      )}
      {service.categories.length > 0 && (
        <>
          <h3 className="directory__subtitle">{t('directory.categories')}</h3>
          <dl className="directory__categories">
            {service.categories.map((category) => (
              <div key={category.category} data-category={category.category}>
                <dt>
                  {category.label[language]}
                  {category.required && <span className="badge badge--required">{t('common.required')}</span>}
                </dt>
                <dd>{category.reason[language]}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {service.homepage !== null && (
        <p>
          <a href={service.homepage} rel="noopener noreferrer">
            {t('directory.homepage')}
          </a>
        </p>
      )}
    </li>
  );
}
