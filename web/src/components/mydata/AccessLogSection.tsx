import type { TFunction } from 'i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { loadAccessLog, type AccessLogEntry } from '../../api/accessLog';
import type { Problem } from '../../api/http';
import { formatDateTime } from '../../format';
import { currentLanguage } from '../../i18n';
import { useSession } from '../../session';
import { ProblemAlert } from '../form/ProblemAlert';

type State = { entries: AccessLogEntry[]; next: number | null; loading: boolean; loaded: boolean; problem: Problem | null };

/** データの利用履歴: every read and write of the citizen's data, newest first, page by page. */
export function AccessLogSection() {
  const { t } = useTranslation();
  const { set } = useSession();
  const [state, setState] = useState<State>({ entries: [], next: null, loading: true, loaded: false, problem: null });
  const controller = useRef<AbortController | null>(null);

  const load = useCallback(
    async (before: number | null): Promise<AccessLogEntry | null> => {
      controller.current?.abort();
      const current = new AbortController();
      controller.current = current;
      setState((s) => ({ ...s, loading: true, problem: null }));
      const result = await loadAccessLog(before, current.signal);
      if (current.signal.aborted) return null;
      if (!result.ok) {
        if (result.problem.status === 401) set(null);
        setState((s) => ({ ...s, loading: false, problem: result.problem }));
        return null;
      }
      const { entries, next } = result.value;
      flushSync(() =>
        setState((s) => ({ entries: before === null ? entries : [...s.entries, ...entries], next, loading: false, loaded: true, problem: null })),
      );
      return entries[0] ?? null;
    },
    [set],
  );

  useEffect(() => {
    void load(null);
    return () => controller.current?.abort();
  }, [load]);

  async function more() {
    if (state.loading || state.next === null) return;
    const first = await load(state.next);
    // Keyboard users continue reading where the new entries start.
    if (first !== null) document.getElementById(`access-${first.id}`)?.focus();
  }

  return (
    <section id="access-log" className="section" aria-labelledby="access-log-title">
      <h2 id="access-log-title">{t('mydata.accessLog.heading')}</h2>
      <p className="section__intro">{t('mydata.accessLog.lead')}</p>
      <p className="section__notice" role="status" id="access-log-status">
        {state.loading
          ? t('common.loading')
          : state.loaded && state.entries.length > 0
            ? t('mydata.accessLog.shown', { count: state.entries.length })
            : ''}
      </p>
      <ProblemAlert id="access-log-alert" problem={state.problem}>
        <p>
          <button type="button" className="button button--secondary" onClick={() => void load(state.entries.length === 0 ? null : state.next)}>
            {t('common.retry')}
          </button>
        </p>
      </ProblemAlert>
      {state.loaded && state.entries.length === 0 && (
        <p className="empty" id="access-log-empty">
          {t('mydata.accessLog.empty')}
        </p>
      )}
      {state.entries.length > 0 && (
        <ol className="access-log" id="access-log-entries" aria-busy={state.loading}>
          {state.entries.map((entry) => (
            <AccessLogItem key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
      {state.next !== null && (
        <p>
          <button
            id="access-log-more"
            type="button"
            className="button button--secondary"
            aria-disabled={state.loading || undefined}
            onClick={() => void more()}
          >
            {state.loading ? t('mydata.accessLog.loadingMore') : t('mydata.accessLog.more')}
          </button>
        </p>
      )}
    </section>
  );
}

const knownReasons = ['no_consent', 'withdrawn', 'category_not_consented', 'expired'] as const;

/** The linkage layer's reason codes in words; anything new is shown as sent. */
function denialReason(reason: string, t: TFunction): string {
  const known = knownReasons.find((candidate) => candidate === reason);
  return known === undefined ? reason : t(`mydata.accessLog.reasons.${known}`);
}

function AccessLogItem({ entry }: { entry: AccessLogEntry }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const denied = entry.outcome === 'denied';
  return (
    <li
      id={`access-${entry.id}`}
      tabIndex={-1}
      className={`log-entry${denied ? ' log-entry--denied' : ''}`}
      data-outcome={entry.outcome}
      data-action={entry.action}
      data-category={entry.category}
      data-seq={entry.seq}
    >
      <div className="log-entry__head">
        <time dateTime={entry.at} className="log-entry__time">
          {formatDateTime(entry.at, language)}
        </time>
        <span className={`badge ${denied ? 'badge--denied' : 'badge--allowed'}`}>
          {denied ? t('mydata.accessLog.denied') : t('mydata.accessLog.allowed')}
        </span>
        <span className="badge badge--neutral">{entry.action === 'read' ? t('mydata.accessLog.read') : t('mydata.accessLog.write')}</span>
      </div>
      <p className="log-entry__sentence">{entry.sentence[language]}</p>
      <p className="log-entry__meta">
        {entry.purpose !== null && entry.purpose[language] !== '' && (
          <span>{t('mydata.accessLog.purpose', { purpose: entry.purpose[language] })}</span>
        )}
        {entry.consentVersion !== null && <span>{t('mydata.accessLog.consentVersion', { version: entry.consentVersion })}</span>}
        {entry.company !== '' && <span>{t('directory.company', { company: entry.company })}</span>}
      </p>
      {denied && entry.reason !== null && entry.reason !== '' && (
        <p className="log-entry__reason">{t('mydata.accessLog.reason', { reason: denialReason(entry.reason, t) })}</p>
      )}
    </li>
  );
}
