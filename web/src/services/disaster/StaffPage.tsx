import { useCallback, useEffect, useState } from 'react';
import type { Problem } from '../../api/http';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDateTime } from '../../format';
import { BASE, api, type Dashboard, type DisasterEvent, type GeoJson, type PersonRow } from './api';
import { QrImage } from './CheckinQr';
import { CheckinForm } from './CheckinForm';
import { DeclareForm, hazardName } from './DeclareForm';
import { DisasterProblem } from './DisasterProblem';
import { useDisasterT } from './i18n';
import { ShelterImport } from './ShelterImport';
import { SheltersTable } from './SheltersTable';
import { KpiSection, OpenMoreShelters } from './StaffExtras';
import { CrowdingLegend, ShelterMap } from './ShelterMap';
import { SignInPanel, SignOutButton } from './SignInPanel';
import { SupportRegister } from './SupportRegister';
import { useDisasterSession, useInterval } from './useDisasterSession';
import './disaster.css';

const REFRESH_MS = 30_000;
const LIVE_MIN_MS = 1000;

function geojsonOf(dashboard: Dashboard): GeoJson {
  return {
    type: 'FeatureCollection',
    features: [
      ...(dashboard.event.area ? [{ type: 'Feature' as const, geometry: dashboard.event.area, properties: { layer: 'area' } }] : []),
      ...dashboard.shelters.map((s) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point', coordinates: [s.shelter.lon, s.shelter.lat] },
        properties: { layer: 'shelter', id: s.shelter.id, name: s.shelter.name, crowding: s.crowding.level },
      })),
    ],
  };
}

/** `/disaster/staff`: the disaster headquarters. */
export function StaffPage() {
  const { t, language } = useDisasterT();
  usePageTitle(t('staff.title'));
  const { session } = useDisasterSession();
  const isStaff = session.state === 'signedIn' && session.profile.roles.includes('staff');
  const [events, setEvents] = useState<DisasterEvent[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [dashboard, setDashboard] = useState<Dashboard | null>(null);
  const [refreshedAt, setRefreshedAt] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);

  const loadEvents = useCallback(() => {
    void api<{ events: DisasterEvent[] }>('GET', '/events').then((result) => {
      if (result.ok) setEvents(result.value.events);
    });
  }, []);
  useEffect(() => {
    if (isStaff) loadEvents();
  }, [isStaff, loadEvents]);

  const eventId = selected ?? events?.find((e) => e.status === 'open')?.id ?? null;

  const loadDashboard = useCallback(() => {
    if (!isStaff || eventId === null) return;
    void api<Dashboard>('GET', `/events/${eventId}/dashboard`).then((result) => {
      if (result.ok) {
        setDashboard(result.value);
        setRefreshedAt(new Date().toISOString());
      } else if (result.problem.status !== 0) setProblem(result.problem);
    });
  }, [isStaff, eventId]);
  // Live: the dashboard stream nudges on every report and check-in (from any server process);
  // the slow poll catches what it does not carry (another desk's shelter edits) and covers a lost stream.
  useInterval(loadDashboard, REFRESH_MS);
  const [live, setLive] = useState<'connecting' | 'open' | 'lost'>('connecting');
  useEffect(() => {
    if (!isStaff || eventId === null) return;
    const source = new EventSource(`${BASE}/events/${eventId}/dashboard/stream`);
    source.addEventListener('open', () => setLive('open'));
    source.addEventListener('error', () => setLive('lost'));
    // In a burst (thousands of reports a second) fetch at most once a second, and once more after the last nudge.
    let last = 0;
    let pending: number | null = null;
    source.addEventListener('dashboard', () => {
      if (pending !== null) return;
      const wait = Math.max(0, last + LIVE_MIN_MS - Date.now());
      pending = window.setTimeout(() => {
        pending = null;
        last = Date.now();
        loadDashboard();
      }, wait);
    });
    return () => {
      source.close();
      if (pending !== null) window.clearTimeout(pending);
    };
  }, [isStaff, eventId, loadDashboard]);

  async function closeEvent(id: string) {
    if (!window.confirm(t('staff.confirmClose'))) return;
    const result = await api<DisasterEvent>('POST', `/events/${id}/close`);
    if (result.ok) {
      setMessage(t('staff.closedDone'));
      loadEvents();
      loadDashboard();
    } else setProblem(result.problem);
  }

  const current = dashboard && dashboard.event.id === eventId ? dashboard : null;

  return (
    <div className="page disaster-page disaster-staff">
      <section className="section" aria-labelledby="staff-title">
        <h1 id="staff-title" className="page-title" tabIndex={-1}>
          {t('staff.title')}
        </h1>
        <p className="section__intro">{t('staff.lead')}</p>
      </section>
      {session.state === 'loading' && <p role="status">{t('loading')}</p>}
      {session.state === 'signedIn' && (
        <p>
          <SignOutButton />
        </p>
      )}
      {session.state === 'signedOut' && <SignInPanel returnTo="/disaster/staff" />}
      {session.state === 'signedIn' && !isStaff && (
        <p className="notice" id="staff-not-staff">
          {t('staff.notStaff')}
        </p>
      )}
      <p role="status" className="notice-region" id="staff-message">
        {message && <span className="notice">{message}</span>}
      </p>
      <DisasterProblem problem={problem} />
      {isStaff && (
        <>
          <section className="section" aria-labelledby="staff-events-title">
            <h2 id="staff-events-title">{t('staff.events')}</h2>
            {events !== null && events.length === 0 && <p className="empty">{t('staff.noEvents')}</p>}
            {events !== null && events.length > 0 && (
              <div className="field">
                <label className="field__label" htmlFor="staff-event">
                  {t('staff.events')}
                </label>
                <select id="staff-event" className="field__input" value={eventId ?? ''} onChange={(e) => setSelected(e.target.value)}>
                  {events.map((e) => (
                    <option key={e.id} value={e.id}>
                      {t('staff.eventOption', {
                        title: e.title,
                        hazard: hazardName(e.hazard, language),
                        status: e.status === 'open' ? t('staff.open') : t('staff.closed'),
                      })}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {current && (
              <div className="disaster-event-bar">
                <p>
                  <span className={`badge ${current.event.status === 'open' ? 'badge--denied' : 'badge--neutral'}`} id="staff-event-status">
                    {current.event.status === 'open' ? t('staff.open') : t('staff.closed')}
                  </span>{' '}
                  {current.event.drill && <span className="badge badge--demo">{t('alert.drill')}</span>} {current.event.hazardLabel[language]}・
                  {t('alert.level', { level: current.event.level })}・
                  {current.event.areaNames.length > 0 ? current.event.areaNames.join('、') : t('alert.wholeCity')}
                </p>
                <p className="disaster-event-bar__actions">
                  <a
                    className="button button--secondary button--small"
                    href={`${BASE}/events/${current.event.id}/export.csv`}
                    id="staff-csv"
                    download
                  >
                    {t('staff.csv')}
                  </a>
                  {current.event.status === 'open' && (
                    <button
                      type="button"
                      className="button button--danger-outline button--small"
                      id="staff-close"
                      onClick={() => void closeEvent(current.event.id)}
                    >
                      {t('staff.close')}
                    </button>
                  )}
                </p>
                <p className="field__hint" id="staff-refreshed" data-live={live}>
                  {refreshedAt && t('staff.refreshed', { at: formatDateTime(refreshedAt, language) })}・
                  {live === 'lost' ? t('staff.liveLost') : t('staff.liveNote')}
                </p>
              </div>
            )}
          </section>
          {current && <DashboardView dashboard={current} onChanged={loadDashboard} />}
          {isStaff && <KpiSection refresh={refreshedAt === null ? null : refreshedAt.slice(0, 16)} />}
          <DeclareForm
            onDeclared={(declared) => {
              setMessage(t('staff.declared', { title: declared.event.title, opened: declared.sheltersOpened, tasks: declared.tasksCreated }));
              setSelected(declared.event.id);
              loadEvents();
            }}
          />
          <SupportRegister />
          <ShelterImport onImported={loadDashboard} />
        </>
      )}
    </div>
  );
}

function DashboardView({ dashboard, onChanged }: { dashboard: Dashboard; onChanged: () => void }) {
  const { t, language } = useDisasterT();
  const [card, setCard] = useState<{ name: string; code: string } | null>(null);
  const { counts } = dashboard;
  const open = dashboard.event.status === 'open';

  async function showCard(personId: string, name: string) {
    const result = await api<{ code: string }>('GET', `/support/people/${personId}/card`);
    if (result.ok) setCard({ name, code: result.value.code });
  }

  const statusText = (row: PersonRow) => (row.state.status ? t(`staff.status.${row.state.status}`) : t('staff.status.none'));

  return (
    <>
      <section className="section" aria-labelledby="counts-title">
        <h2 id="counts-title">{t('staff.counts')}</h2>
        <dl className="disaster-counts" id="staff-counts">
          {(['rescue', 'injured', 'safe', 'checkedIn', 'people'] as const).map((key) => (
            <div key={key} className={`disaster-count disaster-count--${key}`} data-count={key}>
              <dt>{t(`staff.${key}`)}</dt>
              <dd>{counts[key].toLocaleString(language === 'ja' ? 'ja-JP' : 'en-GB')}</dd>
            </div>
          ))}
        </dl>
      </section>
      <div className="disaster-staff__columns">
        <section className="section" aria-labelledby="rescue-title">
          <h2 id="rescue-title">{t('staff.rescueHeading')}</h2>
          {dashboard.rescue.length === 0 ? (
            <p className="empty">{t('staff.noRescue')}</p>
          ) : (
            <ul className="disaster-people" id="staff-rescue">
              {dashboard.rescue.map((row) => (
                <li key={row.subject} className={`disaster-person disaster-status--${row.state.status ?? 'none'}`}>
                  <p className="disaster-person__name">
                    <strong>{statusText(row)}</strong> {row.displayName ?? row.subject.slice(0, 8)}
                  </p>
                  {row.state.note && <p>「{row.state.note}」</p>}
                  <p className="field__hint">
                    {row.state.reportedAt && formatDateTime(row.state.reportedAt, language)}
                    {row.state.location && ` ・ ${row.state.location.lat.toFixed(4)}, ${row.state.location.lon.toFixed(4)}`}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="section" aria-labelledby="not-confirmed-title">
          <h2 id="not-confirmed-title">{t('staff.notConfirmedHeading')}</h2>
          {dashboard.notConfirmed.length === 0 ? (
            <p className="empty" id="staff-all-confirmed">
              {t('staff.allConfirmed')}
            </p>
          ) : (
            <ul className="disaster-people" id="staff-not-confirmed">
              {dashboard.notConfirmed.map((row) => (
                <li key={row.person.id} className="disaster-person">
                  <p className="disaster-person__name">
                    <strong>{row.person.name}</strong> {row.status ? t(`staff.status.${row.status as 'safe'}`) : t('staff.status.none')}
                  </p>
                  <p className="field__hint">
                    {row.person.address} {row.person.reason && `・${row.person.reason}`}
                  </p>
                  {row.openTasks > 0 && <p className="field__hint">{t('staff.openTasks', { count: row.openTasks })}</p>}
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    onClick={() => void showCard(row.person.id, row.person.name)}
                  >
                    {t('staff.card')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {card && (
            <figure className="disaster-card" id="staff-card">
              <QrImage code={card.code} alt={`${card.name} ${t('staff.card')}`} />
              <figcaption>
                {card.name} — {t('staff.card')}
              </figcaption>
            </figure>
          )}
        </section>
      </div>
      {open && <CheckinForm eventId={dashboard.event.id} shelters={dashboard.shelters} onCheckedIn={onChanged} />}
      <SheltersTable eventId={dashboard.event.id} shelters={dashboard.shelters} eventOpen={open} onChanged={onChanged} />
      {open && (
        <OpenMoreShelters
          eventId={dashboard.event.id}
          hazard={dashboard.event.hazard}
          openIds={new Set(dashboard.shelters.map((s) => s.shelter.id))}
          onOpened={onChanged}
        />
      )}
      {dashboard.shelters.length > 0 && (
        <section className="section" aria-labelledby="staff-map-title">
          <h2 id="staff-map-title">{t('staff.mapHeading')}</h2>
          <ShelterMap geojson={geojsonOf(dashboard)} label={t('guide.mapLabel', { count: dashboard.shelters.length })} id="staff-map" />
          <CrowdingLegend />
        </section>
      )}
    </>
  );
}
