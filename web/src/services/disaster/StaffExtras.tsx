import { useEffect, useState } from 'react';
import type { Problem } from '../../api/http';
import { api, type HazardId, type Shelter } from './api';
import { DisasterProblem } from './DisasterProblem';
import { useDisasterT } from './i18n';

type Kpis = {
  usersSharingWithFamily: number;
  supportNeededRegisteredAsUsers: number;
  supportRegister: number;
  drillSurvey: { answers: number; meanSatisfaction: number | null };
};

/** The KPIs the city reports, refreshed with the dashboard. */
export function KpiSection({ refresh }: { refresh: string | null }) {
  const { t, language } = useDisasterT();
  const [kpis, setKpis] = useState<Kpis | null>(null);
  useEffect(() => {
    void api<Kpis>('GET', '/kpis').then((result) => {
      if (result.ok) setKpis(result.value);
    });
  }, [refresh]);
  if (!kpis) return null;
  const number = (n: number) => n.toLocaleString(language === 'ja' ? 'ja-JP' : 'en-GB');
  return (
    <section className="section" aria-labelledby="kpi-title">
      <h2 id="kpi-title">{t('staff.kpiHeading')}</h2>
      <dl className="disaster-counts" id="staff-kpis">
        <div className="disaster-count">
          <dt>{t('staff.kpiSharing')}</dt>
          <dd>{number(kpis.usersSharingWithFamily)}</dd>
        </div>
        <div className="disaster-count">
          <dt>
            {t('staff.kpiSupportUsers')} / {t('staff.kpiRegister')}
          </dt>
          <dd>
            {number(kpis.supportNeededRegisteredAsUsers)} / {number(kpis.supportRegister)}
          </dd>
        </div>
        <div className="disaster-count">
          <dt>{t('staff.kpiSurvey')}</dt>
          <dd className="disaster-count__small">
            {kpis.drillSurvey.meanSatisfaction === null
              ? '—'
              : t('staff.kpiSurveyValue', { mean: kpis.drillSurvey.meanSatisfaction.toFixed(1), answers: kpis.drillSurvey.answers })}
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** Opens one more shelter designated for the event's hazard. */
export function OpenMoreShelters({
  eventId,
  hazard,
  openIds,
  onOpened,
}: {
  eventId: string;
  hazard: HazardId;
  openIds: ReadonlySet<string>;
  onOpened: () => void;
}) {
  const { t } = useDisasterT();
  const [all, setAll] = useState<Shelter[]>([]);
  const [choice, setChoice] = useState('');
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    void api<{ shelters: Shelter[] }>('GET', '/shelters?limit=1000').then((result) => {
      if (result.ok) setAll(result.value.shelters);
    });
  }, []);
  const closed = all.filter((s) => s.hazards.includes(hazard) && !openIds.has(s.id)).sort((a, b) => a.name.localeCompare(b.name, 'ja'));
  if (closed.length === 0 && message === '') return null;
  const site = choice || closed[0]?.id || '';

  async function open() {
    const name = closed.find((s) => s.id === site)?.name ?? '';
    const result = await api('PUT', `/events/${eventId}/shelters/${site}`, { open: true });
    if (result.ok) {
      setMessage(t('staff.opened', { name }));
      setProblem(null);
      setChoice('');
      onOpened();
    } else setProblem(result.problem);
  }

  return (
    <form
      className="disaster-inline-form"
      id="open-more"
      onSubmit={(e) => {
        e.preventDefault();
        void open();
      }}
    >
      {closed.length > 0 && (
        <>
          <div className="field">
            <label className="field__label" htmlFor="open-more-shelter">
              {t('staff.openMore')}
            </label>
            <select id="open-more-shelter" className="field__input" value={site} onChange={(e) => setChoice(e.target.value)}>
              {closed.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary">
            {t('staff.openMoreButton')}
          </button>
        </>
      )}
      <p role="status" className="field__hint">
        {message}
      </p>
      <DisasterProblem problem={problem} />
    </form>
  );
}
