import { formatDateTime } from '../../format';
import type { AreaJudgement, DisasterEvent } from './api';
import { useDisasterT } from './i18n';

/**
 * The disaster in force, as a banner a person cannot miss — unless they are known to be outside
 * its affected area: then it is shown subdued, marked 対象地域外. Not known: shown in full.
 */
export function AlertBanner({ event, judgement }: { event: DisasterEvent; judgement: AreaJudgement | null }) {
  const { t, language } = useDisasterT();
  const outside = judgement?.inAffectedArea === false;
  const known = judgement !== null && judgement.areaBasis !== 'whole_city' && judgement.areaBasis !== 'unknown' ? judgement.areaBasis : null;
  const basis = known ? t(`alert.basis.${known}`) : '';
  return (
    <section
      className={`disaster-alert disaster-alert--level${event.level}${outside ? ' disaster-alert--outside' : ''}`}
      aria-labelledby="disaster-alert-title"
      id="disaster-alert"
      data-in-area={judgement?.inAffectedArea === undefined ? 'unknown' : String(judgement.inAffectedArea)}
    >
      <p className="disaster-alert__meta">
        <span className="disaster-alert__level">{t('alert.level', { level: event.level })}</span>
        {event.drill && <span className="badge badge--demo">{t('alert.drill')}</span>}
        <span>{event.hazardLabel[language]}</span>
        {event.area && judgement?.inAffectedArea === true && <span className="disaster-alert__area">{t('alert.inArea')}</span>}
        {outside && <span className="disaster-alert__area">{t('alert.outside')}</span>}
      </p>
      <h2 id="disaster-alert-title" className="disaster-alert__title">
        {event.title}
      </h2>
      <p className="disaster-alert__detail">
        {event.areaNames.length > 0 ? t('alert.area', { areas: event.areaNames.join('、') }) : event.area ? '' : t('alert.wholeCity')}
        {(event.areaNames.length > 0 || !event.area) && <br />}
        {t('alert.declared', { at: formatDateTime(event.declaredAt, language) })}
      </p>
      {event.area && (
        <p className="disaster-alert__judgement" id="disaster-alert-judgement">
          {judgement?.inAffectedArea === true && known && t('alert.inAreaNote', { basis })}
          {outside && t('alert.outsideNote', { basis })}
          {(judgement === null || judgement.inAffectedArea === null) && t('alert.unknownNote')}
        </p>
      )}
    </section>
  );
}
