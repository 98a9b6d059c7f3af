import { formatDateTime } from '../../format';
import type { DisasterEvent } from './api';
import { useDisasterT } from './i18n';

/** The disaster in force, as a banner a person cannot miss. */
export function AlertBanner({ event }: { event: DisasterEvent }) {
  const { t, language } = useDisasterT();
  return (
    <section className={`disaster-alert disaster-alert--level${event.level}`} aria-labelledby="disaster-alert-title" id="disaster-alert">
      <p className="disaster-alert__meta">
        <span className="disaster-alert__level">{t('alert.level', { level: event.level })}</span>
        {event.drill && <span className="badge badge--demo">{t('alert.drill')}</span>}
        <span>{event.hazardLabel[language]}</span>
      </p>
      <h2 id="disaster-alert-title" className="disaster-alert__title">
        {event.title}
      </h2>
      <p className="disaster-alert__detail">
        {event.areaNames.length > 0 ? t('alert.area', { areas: event.areaNames.join('、') }) : t('alert.wholeCity')}
        <br />
        {t('alert.declared', { at: formatDateTime(event.declaredAt, language) })}
      </p>
    </section>
  );
}
