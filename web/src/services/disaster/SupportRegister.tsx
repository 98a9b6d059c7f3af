import { useCallback, useEffect, useState } from 'react';
import type { Problem } from '../../api/http';
import { DataTable } from '../../components/DataTable';
import { api, type SupportedPerson } from './api';
import { DisasterProblem } from './DisasterProblem';
import { useDisasterT } from './i18n';
import { PlanEditor } from './PlanEditor';

type RegisterRow = SupportedPerson & { hasPlan: boolean };

/** Staff: the support register (避難行動要支援者名簿), its refresh from linkage, and each person's plan. */
export function SupportRegister() {
  const { t } = useDisasterT();
  const [people, setPeople] = useState<RegisterRow[] | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);

  const load = useCallback(() => {
    void api<{ people: RegisterRow[] }>('GET', '/support/people').then((result) => {
      if (result.ok) setPeople(result.value.people);
      else setProblem(result.problem);
    });
  }, []);
  useEffect(load, [load]);

  async function refresh() {
    setBusy(true);
    setMessage('');
    const result = await api<{ checked: number; registered: number; removed: number }>('POST', '/support/refresh');
    setBusy(false);
    if (result.ok) {
      setMessage(t('register.refreshed', result.value));
      setProblem(null);
      load();
    } else setProblem(result.problem);
  }

  const opened = people?.find((p) => p.id === openId) ?? null;

  return (
    <section className="section" aria-labelledby="register-title" id="support-register">
      <h2 id="register-title">{t('register.heading')}</h2>
      <p className="section__intro">{t('register.lead')}</p>
      <p>
        <button type="button" className="button button--secondary" id="register-refresh" onClick={() => void refresh()} disabled={busy}>
          {busy ? t('register.refreshing') : t('register.refresh')}
        </button>
      </p>
      <p role="status" className="field__hint" id="register-message">
        {message}
      </p>
      <DisasterProblem problem={problem} />
      {people !== null && people.length === 0 && <p className="empty">{t('register.empty')}</p>}
      {people !== null && people.length > 0 && (
        <DataTable
          look="disaster-table"
          className="disaster-register"
          id="register-table"
          columns={[
            { label: t('register.name') },
            { label: t('register.address') },
            { label: t('register.reason') },
            { label: t('register.plan') },
            { label: t('register.open'), hidden: true },
          ]}
        >
          {people.map((person) => (
            <tr key={person.id} data-person-id={person.id}>
              <th scope="row">
                {person.name}
                {person.nameKana && <span className="field__hint disaster-register__kana">{person.nameKana}</span>}
              </th>
              <td>{person.address ?? '—'}</td>
              <td>{person.reason ?? '—'}</td>
              <td data-field="plan">{person.hasPlan ? t('register.hasPlan') : t('register.noPlan')}</td>
              <td>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-expanded={openId === person.id}
                  onClick={() => setOpenId(openId === person.id ? null : person.id)}
                >
                  {openId === person.id ? t('register.close') : t('register.open')}
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {opened && <PlanEditor key={opened.id} person={opened} onSaved={load} />}
    </section>
  );
}
