import { useTranslation } from 'react-i18next';
import { Link } from '../router';
import { portals } from '../services';
import { Icon } from './Icon';
import { StatusBadge } from './StatusBadge';

/** The four role-based entrances; a portal links only once it exists. */
export function PortalSection() {
  const { t } = useTranslation();
  return (
    <section id="portals" className="section" aria-labelledby="portals-title">
      <h2 id="portals-title">{t('portals.heading')}</h2>
      <p className="section__intro">{t('portals.intro')}</p>
      <p className="section__intro">
        <Link href="/services" id="portals-directory-link">
          {t('portals.directoryLink')}
        </Link>
      </p>
      <ul className="card-grid card-grid--portals">
        {portals.map(({ id, path }) => {
          const headingId = `portal-${id}`;
          const name = t(`portals.items.${id}.name`);
          return (
            <li key={id} className={`card card--portal${path !== null ? ' card--linked' : ''}`} data-portal={id} aria-labelledby={headingId}>
              <div className="card__top">
                <span className="card__icon">
                  <Icon name={id} />
                </span>
                <StatusBadge status={path !== null ? 'available' : 'comingSoon'} />
              </div>
              <h3 id={headingId} className="card__title">
                {path !== null ? (
                  <Link className="card__link" href={path}>
                    {name}
                  </Link>
                ) : (
                  name
                )}
              </h3>
              <p className="card__body">{t(`portals.items.${id}.description`)}</p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
