import { useEffect, useState } from 'react';
import { usePageTitle } from '../../components/usePageTitle';
import { Link } from '../../router';
import { AlertBanner } from './AlertBanner';
import { api, type AreaJudgement, type DisasterEvent, type PersonState, type Point } from './api';
import { CheckinQr } from './CheckinQr';
import { FamilySection } from './FamilySection';
import { GuidanceSection } from './GuidanceSection';
import { useOnline, useOpenEvents } from './hooks';
import { useDisasterT } from './i18n';
import { ReportSection } from './ReportSection';
import { setQueueSubject, startQueueSender, useReportQueue } from './reportQueue';
import { SignInPanel, SignOutButton } from './SignInPanel';
import { SurveySection } from './SurveySection';
import { useDisasterSession } from './useDisasterSession';
import './disaster.css';

const NO_EVENTS: DisasterEvent[] = [];

/** `/safety` (also `/disaster`): the citizen's page in a disaster, phone first. */
export function SafetyPage() {
  const { t } = useDisasterT();
  usePageTitle(t('safetyTitle'));
  const online = useOnline();
  const { session, setProfile } = useDisasterSession();
  const { events } = useOpenEvents();
  const [chosen, setChosen] = useState<string | null>(null);
  const [state, setState] = useState<PersonState | null>(null);
  const [here, setHere] = useState<Point | null>(null);
  const [judgements, setJudgements] = useState<Record<string, AreaJudgement>>({});
  const queue = useReportQueue();
  const sentCount = queue.filter((r) => r.state === 'sent').length;

  useEffect(() => startQueueSender(), []);
  const subject = session.state === 'signedIn' ? session.profile.subject : null;
  useEffect(() => setQueueSubject(subject), [subject]);
  // Lets this page open again without a connection (web/public/safety-sw.js).
  useEffect(() => {
    if ('serviceWorker' in navigator) void navigator.serviceWorker.register('/safety-sw.js', { scope: '/safety' }).catch(() => undefined);
  }, []);

  const list = events.state === 'ready' ? events.events : NO_EVENTS;
  const event = list.find((e) => e.id === chosen) ?? list[0] ?? null;
  const eventId = event?.id ?? null;
  const signedIn = session.state === 'signedIn';

  // My state in the event; again whenever one of my queued reports has gone through.
  useEffect(() => {
    if (eventId === null || !signedIn) return;
    const controller = new AbortController();
    void api<{ state: PersonState | null }>('GET', `/events/${eventId}/me`, undefined, controller.signal).then((result) => {
      if (result.ok) setState(result.value.state);
    });
    return () => controller.abort();
  }, [eventId, signedIn, sentCount]);

  // Whether I am in each event's affected area: by where the browser says I am, else where I last reported from.
  const eventIds = list.map((e) => e.id).join(',');
  useEffect(() => {
    if (!signedIn || eventIds === '') return;
    const controller = new AbortController();
    const query = here ? `?lat=${here.lat}&lon=${here.lon}` : '';
    void api<{ alerts: (DisasterEvent & AreaJudgement)[] }>('GET', `/me/alerts${query}`, undefined, controller.signal).then((result) => {
      if (result.ok)
        setJudgements(Object.fromEntries(result.value.alerts.map((a) => [a.id, { inAffectedArea: a.inAffectedArea, areaBasis: a.areaBasis }])));
    });
    return () => controller.abort();
  }, [signedIn, eventIds, here, sentCount]);

  return (
    <div className="page disaster-page disaster-safety">
      <section className="section" aria-labelledby="disaster-title">
        <h1 id="disaster-title" className="page-title" tabIndex={-1}>
          {t('safetyTitle')}
        </h1>
        <p className="section__intro">{t('lead')}</p>
        {!online && (
          <p className="disaster-offline" role="status" id="disaster-offline">
            {t('offline')}
          </p>
        )}
        {events.state === 'loading' && <p role="status">{t('loading')}</p>}
        {events.state === 'ready' && list.length === 0 && (
          <p className="disaster-no-alert" id="disaster-no-alert">
            {t('alert.none')}
          </p>
        )}
        {events.state === 'ready' && events.stale && list.length > 0 && <p className="field__hint">{t('lastKnown')}</p>}
        {list.length > 1 && (
          <div className="field">
            <label className="field__label" htmlFor="disaster-event">
              {t('alert.choose')}
            </label>
            <select id="disaster-event" className="field__input" value={event?.id ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {list.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.title}
                </option>
              ))}
            </select>
          </div>
        )}
        {event && <AlertBanner event={event} judgement={judgements[event.id] ?? null} />}
      </section>
      {session.state === 'signedOut' && <SignInPanel returnTo="/safety" />}
      {session.state === 'loading' && <p role="status">{t('loading')}</p>}
      {event && subject !== null && <ReportSection event={event} state={state} subject={subject} />}
      {event && <GuidanceSection event={event} signedIn={signedIn} state={state} onState={setState} onHere={setHere} />}
      {session.state === 'signedIn' && (
        <>
          <FamilySection eventId={event?.id ?? null} profile={session.profile} onProfile={setProfile} />
          <CheckinQr subject={session.profile.subject} />
          <SurveySection openEvents={list} />
          <nav className="section disaster-links" aria-label={t('title')}>
            <ul>
              {session.profile.roles.includes('supporter') && (
                <li>
                  <Link href="/safety/support" id="link-support">
                    {t('nav.support')}
                  </Link>
                </li>
              )}
              <li>
                <SignOutButton />
              </li>
              {session.profile.roles.includes('staff') && (
                <li>
                  <Link href="/disaster/staff" id="link-staff">
                    {t('nav.staff')}
                  </Link>
                </li>
              )}
            </ul>
          </nav>
        </>
      )}
    </div>
  );
}
