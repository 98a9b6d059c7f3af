import { useCallback, useState } from 'react';
import type { Problem } from '../../api/http';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDateTime } from '../../format';
import { Link } from '../../router';
import { api, type Shelter, type Task } from './api';
import { DisasterProblem } from './DisasterProblem';
import { useDisasterT, type DisasterKey } from './i18n';
import { SignInPanel, SignOutButton } from './SignInPanel';
import { useDisasterSession, useInterval } from './useDisasterSession';
import './disaster.css';

const POLL_MS = 10_000;

/** `/safety/support`: a supporter's tasks for the people they support, with each one's plan. */
export function SupportPage() {
  const { t } = useDisasterT();
  usePageTitle(t('support.title'));
  const { session } = useDisasterSession();
  const [tasks, setTasks] = useState<Task[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const isSupporter = session.state === 'signedIn' && session.profile.roles.includes('supporter');

  const load = useCallback(() => {
    if (!isSupporter) return;
    void api<{ tasks: Task[] }>('GET', '/me/tasks').then((result) => {
      if (result.ok) {
        setTasks(result.value.tasks);
        setProblem(null);
      } else if (result.problem.status !== 0) setProblem(result.problem);
    });
  }, [isSupporter]);
  useInterval(load, POLL_MS);

  return (
    <div className="page disaster-page disaster-support">
      <section className="section" aria-labelledby="support-title">
        <h1 id="support-title" className="page-title" tabIndex={-1}>
          {t('support.title')}
        </h1>
        <p className="section__intro">{t('support.lead')}</p>
        <p>
          <Link href="/safety">{t('nav.safety')}</Link>
        </p>
      </section>
      {session.state === 'loading' && <p role="status">{t('loading')}</p>}
      {session.state === 'signedIn' && (
        <p>
          <SignOutButton />
        </p>
      )}
      {session.state === 'signedOut' && <SignInPanel returnTo="/safety/support" />}
      {session.state === 'signedIn' && !isSupporter && (
        <p className="notice" id="support-not-supporter">
          {t('support.notSupporter')}
        </p>
      )}
      <DisasterProblem problem={problem} />
      {isSupporter && tasks !== null && tasks.length === 0 && (
        <p className="empty" id="support-none">
          {t('support.none')}
        </p>
      )}
      {isSupporter && tasks !== null && tasks.length > 0 && (
        <ul className="disaster-tasks" id="support-tasks">
          {tasks.map((task) => (
            <TaskCard key={task.id} task={task} onChange={(next) => setTasks((all) => all?.map((x) => (x.id === next.id ? next : x)) ?? null)} />
          ))}
        </ul>
      )}
    </div>
  );
}

function TaskCard({ task, onChange }: { task: Task; onChange: (task: Task) => void }) {
  const { t, language } = useDisasterT();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [shelter, setShelter] = useState<Shelter | null>(null);
  const destinationId = task.plan.destinationShelterId;

  const loadShelter = useCallback(() => {
    if (destinationId === null || shelter !== null) return;
    void api<Shelter>('GET', `/shelters/${destinationId}`).then((result) => {
      if (result.ok) setShelter(result.value);
    });
  }, [destinationId, shelter]);
  useInterval(loadShelter, 60_000);

  async function complete() {
    const result = await api<Task>('POST', `/me/tasks/${task.id}/done`, note.trim() === '' ? {} : { note: note.trim() });
    if (result.ok) onChange(result.value);
    else setProblem(result.problem);
  }

  const needLabel = (need: string) => {
    const key = `support.needLabels.${need}` as DisasterKey;
    const label = t(key);
    return label === key || label.startsWith('support.') ? need : label;
  };

  return (
    <li className={`panel disaster-task disaster-task--${task.status}`} data-task-id={task.id} data-status={task.status}>
      <p className={`badge ${task.status === 'open' ? 'badge--unverified' : 'badge--on'}`}>{t(`support.${task.status}`)}</p>
      <h2 className="disaster-task__name">{task.person.name}</h2>
      <dl className="facts">
        {task.person.address && (
          <div>
            <dt>{t('support.address')}</dt>
            <dd>{task.person.address}</dd>
          </div>
        )}
        {task.person.phone && (
          <div>
            <dt>{t('support.phone')}</dt>
            <dd>
              <a href={`tel:${task.person.phone}`}>{task.person.phone}</a>
            </dd>
          </div>
        )}
        <div>
          <dt>{t('support.needs')}</dt>
          <dd>{task.plan.needs.map(needLabel).join('、') || '—'}</dd>
        </div>
        <div>
          <dt>{t('support.destination')}</dt>
          <dd>{shelter ? `${shelter.name}（${shelter.address}）` : destinationId ? '…' : '—'}</dd>
        </div>
        <div>
          <dt>{t('support.route')}</dt>
          <dd className="disaster-task__route">{task.plan.routeNotes || '—'}</dd>
        </div>
      </dl>
      {task.checkedInAt && <p className="notice">{t('support.checkedIn', { at: formatDateTime(task.checkedInAt, language) })}</p>}
      {task.status === 'done' ? (
        <p className="disaster-task__done">
          {t('support.completedAt', { at: task.doneAt ? formatDateTime(task.doneAt, language) : '' })}
          {task.note && `「${task.note}」`}
        </p>
      ) : (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void complete();
          }}
        >
          <div className="field">
            <label className="field__label" htmlFor={`task-note-${task.id}`}>
              {t('support.note')}
            </label>
            <input
              id={`task-note-${task.id}`}
              className="field__input"
              value={note}
              maxLength={500}
              placeholder={t('support.notePlaceholder')}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
          <DisasterProblem problem={problem} />
          <button type="submit" className="button button--primary disaster-big-button">
            {t('support.complete')}
          </button>
        </form>
      )}
    </li>
  );
}
