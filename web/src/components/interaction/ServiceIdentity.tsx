import { useTranslation } from 'react-i18next';
import type { InteractionDetails } from '../../api/interaction';
import { currentLanguage } from '../../i18n';

/** Which service is asking, and who runs it: the first thing a citizen should see. */
export function ServiceIdentity({ details }: { details: InteractionDetails }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { service } = details;
  return (
    <div className="service-identity" id="interaction-service" data-client-id={service.clientId}>
      <dl className="facts">
        <div>
          <dt>{t('interaction.service')}</dt>
          <dd className="service-identity__name">{service.name[language]}</dd>
        </div>
        <div>
          <dt>{t('interaction.company')}</dt>
          <dd>{service.company}</dd>
        </div>
      </dl>
      {service.description[language] !== '' && <p className="service-identity__description">{service.description[language]}</p>}
    </div>
  );
}
