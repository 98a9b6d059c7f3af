import { useState } from 'react';
import { formatDateTime } from '../../format';
import type { DisasterEvent, PersonState, SafetyStatus } from './api';
import { DisasterProblem } from './DisasterProblem';
import { currentPosition } from './hooks';
import { useDisasterT } from './i18n';
import { enqueueReport, flushReports, useReportQueue } from './reportQueue';

const STATUSES: SafetyStatus[] = ['safe', 'injured', 'rescue'];

/**
 * One tap: 無事 / けが / 救助を求めます. The report goes into the browser's queue first and is
 * sent from there, so it survives a lost connection; the queue says plainly what is waiting.
 */
export function ReportSection({ event, state, subject }: { event: DisasterEvent; state: PersonState | null; subject: string }) {
  const { t, language } = useDisasterT();
  const queue = useReportQueue().filter((r) => r.eventId === event.id && r.subject === subject);
  const [note, setNote] = useState('');
  const [withLocation, setWithLocation] = useState(false);
  const [locating, setLocating] = useState(false);
  const [locationMissing, setLocationMissing] = useState(false);

  async function report(status: SafetyStatus) {
    let location = null;
    setLocationMissing(false);
    if (withLocation) {
      setLocating(true);
      location = await currentPosition();
      setLocating(false);
      setLocationMissing(location === null);
    }
    enqueueReport({ subject, eventId: event.id, status, note: note.trim() === '' ? null : note.trim(), location });
    setNote('');
  }

  const latest = [...queue].reverse()[0];
  const pending = queue.filter((r) => r.state === 'pending');

  return (
    <section className="section disaster-report" aria-labelledby="disaster-report-title" id="report">
      <h2 id="disaster-report-title">{t('report.heading')}</h2>
      <p className="section__intro">{t('report.hint')}</p>
      <p id="disaster-my-status" className="disaster-my-status">
        {state?.status && state.reportedAt
          ? t('report.latest', { status: t(`report.${state.status}`), at: formatDateTime(state.reportedAt, language) })
          : t('report.noneYet')}
      </p>
      <div className="disaster-report__buttons">
        {STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            className={`disaster-status-button disaster-status-button--${status}`}
            id={`report-${status}`}
            disabled={locating}
            onClick={() => void report(status)}
          >
            {t(`report.${status}`)}
          </button>
        ))}
      </div>
      <div className="field">
        <label className="field__label" htmlFor="report-note">
          {t('report.note')}
        </label>
        <input
          id="report-note"
          className="field__input"
          value={note}
          maxLength={500}
          placeholder={t('report.notePlaceholder')}
          onChange={(e) => setNote(e.target.value)}
        />
      </div>
      <div className="checkbox">
        <input id="report-location" type="checkbox" checked={withLocation} onChange={(e) => setWithLocation(e.target.checked)} />
        <label htmlFor="report-location">{t('report.withLocation')}</label>
      </div>
      <p role="status" className="section__notice">
        {locating && t('report.locating')}
        {locationMissing && t('report.locationDenied')}
      </p>
      {queue.length > 0 && (
        <div className="disaster-queue" aria-labelledby="disaster-queue-title">
          <h3 id="disaster-queue-title">{t('report.queueHeading')}</h3>
          <ul className="disaster-queue__list" id="report-queue" aria-live="polite">
            {[...queue].reverse().map((r) => (
              <li key={r.id} className={`disaster-queue__item disaster-queue__item--${r.state}`} data-report-id={r.id} data-state={r.state}>
                <span className={`badge disaster-badge--${r.state}`}>{t(`report.${r.state}`)}</span>{' '}
                {t('report.queued', { status: t(`report.${r.status}`), at: formatDateTime(r.createdAt, language) })}
                {r.note && <span className="disaster-queue__note">「{r.note}」</span>}
                {r.locationDropped && <span className="disaster-queue__note">{t('report.noLocationConsent')}</span>}
                {r.state === 'failed' && <DisasterProblem problem={r.problem} />}
              </li>
            ))}
          </ul>
          {pending.length > 0 && (
            <p className="disaster-queue__pending">
              {t('report.pendingNote')}{' '}
              <button type="button" className="button button--secondary button--small" onClick={() => void flushReports()}>
                {t('report.sendNow')}
              </button>
            </p>
          )}
        </div>
      )}
      <p className="visually-hidden" role="status" id="report-latest-state">
        {latest ? t(`report.${latest.state}`) : ''}
      </p>
    </section>
  );
}
