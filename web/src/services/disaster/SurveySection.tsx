import { useEffect, useState } from 'react';
import type { Problem } from '../../api/http';
import { api, type DisasterEvent } from './api';
import { DisasterProblem } from './DisasterProblem';
import { useDisasterT } from './i18n';

const ANSWERED_KEY = 'tsunagu.disaster.surveyed';
const RECENT_MS = 7 * 86_400_000;

function answered(): string[] {
  try {
    const raw = window.localStorage.getItem(ANSWERED_KEY);
    return raw ? (JSON.parse(raw) as string[]) : [];
  } catch {
    return [];
  }
}

/** After a drill (訓練): a one-question satisfaction survey, 1–5, with an optional comment. */
export function SurveySection({ openEvents }: { openEvents: DisasterEvent[] }) {
  const { t } = useDisasterT();
  const [drill, setDrill] = useState<DisasterEvent | null>(null);
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [done, setDone] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    const skip = new Set(answered());
    const openDrill = openEvents.find((e) => e.drill && !skip.has(e.id));
    if (openDrill) {
      setDrill(openDrill);
      return;
    }
    let live = true;
    void api<{ events: DisasterEvent[] }>('GET', '/events?status=closed').then((result) => {
      if (!result.ok || !live) return;
      const recent = result.value.events.find(
        (e) => e.drill && !skip.has(e.id) && e.closedAt !== null && Date.now() - new Date(e.closedAt).getTime() < RECENT_MS,
      );
      setDrill(recent ?? null);
    });
    return () => {
      live = false;
    };
  }, [openEvents]);

  async function send() {
    if (!drill || score === null) return;
    const result = await api('POST', `/events/${drill.id}/survey`, { score, ...(comment.trim() ? { comment: comment.trim() } : {}) });
    if (result.ok) {
      setDone(true);
      setProblem(null);
      try {
        window.localStorage.setItem(ANSWERED_KEY, JSON.stringify([...answered(), drill.id]));
      } catch {
        // Asked again next time; the API keeps one answer per person.
      }
    } else setProblem(result.problem);
  }

  if (!drill) return null;
  return (
    <section className="section disaster-survey" aria-labelledby="survey-title" id="survey">
      <h2 id="survey-title">{t('survey.heading')}</h2>
      <p className="section__intro">{t('survey.lead', { title: drill.title })}</p>
      {done ? (
        <p role="status" className="notice" id="survey-thanks">
          {t('survey.thanks')}
        </p>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <fieldset className="disaster-fieldset disaster-survey__scores">
            <legend className="field__label">{t('survey.question')}</legend>
            {[1, 2, 3, 4, 5].map((n) => (
              <div key={n} className="choice">
                <input id={`survey-${n}`} type="radio" name="survey-score" checked={score === n} onChange={() => setScore(n)} />
                <label htmlFor={`survey-${n}`}>{t(`survey.score${n}` as 'survey.score1')}</label>
              </div>
            ))}
          </fieldset>
          <div className="field">
            <label className="field__label" htmlFor="survey-comment">
              {t('survey.comment')}
            </label>
            <textarea
              id="survey-comment"
              className="field__input"
              maxLength={1000}
              rows={3}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          </div>
          <DisasterProblem problem={problem} />
          <button type="submit" className="button button--primary" disabled={score === null}>
            {t('survey.send')}
          </button>
        </form>
      )}
    </section>
  );
}
