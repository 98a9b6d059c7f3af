import { useTranslation } from 'react-i18next';
import type { ServiceModule } from '../services';
import { Icon } from './Icon';
import { StatusBadge, type Status } from './StatusBadge';

type ServiceCardProps = {
  module: ServiceModule;
  mark: string | null;
  /** Where the service lives in the web app; null renders no link at all. */
  portal: string | null;
  checking: boolean;
};

/**
 * A service card. When the service is available its name is the link and the
 * whole card is clickable (CSS stretches the link); otherwise nothing links.
 */
export function ServiceCard({ module, mark, portal, checking }: ServiceCardProps) {
  const { t } = useTranslation();
  const status: Status = portal !== null ? 'available' : checking ? 'checking' : 'comingSoon';
  const name = t(`services.items.${module}.name`);
  const headingId = `service-${module}`;

  return (
    <li className={`card card--service${portal !== null ? ' card--linked' : ''}`} data-module={module} aria-labelledby={headingId}>
      <div className="card__top">
        <span className="card__icon">
          <Icon name={module} />
        </span>
        <StatusBadge status={status} />
      </div>
      <h3 id={headingId} className="card__title">
        {mark !== null && (
          <span className="card__mark" aria-hidden="true">
            {mark}
          </span>
        )}
        {portal !== null ? (
          <a className="card__link" href={portal}>
            {name}
          </a>
        ) : (
          name
        )}
      </h3>
      <p className="card__body">{t(`services.items.${module}.description`)}</p>
      {portal !== null && (
        <p className="card__action" aria-hidden="true">
          {t('services.open')} →
        </p>
      )}
    </li>
  );
}
