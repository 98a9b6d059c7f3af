import { useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { useDisasterT } from './i18n';
import { BASE } from './api';

type ImportReport = { kind: 'evacuation_site' | 'shelter' | null; rows: number; created: number; updated: number; unchanged: number };
type RowProblem = { line: string; column: string; en: string; ja: string };

/** The import's 422 lists each bad row as `/<line>/<column>` with "English / 日本語 (value)". */
function rowProblems(body: unknown): RowProblem[] {
  const errors = (body as { errors?: { field?: string; message?: string }[] } | null)?.errors ?? [];
  return errors.map((e) => {
    const [, line = '', column = ''] = (e.field ?? '').split('/');
    const [en = '', ...rest] = (e.message ?? '').split(' / ');
    const ja = rest.join(' / ');
    const value = /\s\((.*)\)$/.exec(ja)?.[0] ?? '';
    return { line, column, en: `${en}${value}`, ja };
  });
}

/** Staff import a GSI shelter CSV (any municipality): all rows or none, every bad row listed. */
export function ShelterImport({ onImported }: { onImported: () => void }) {
  const { t, language } = useDisasterT();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<ImportReport | null>(null);
  const [problems, setProblems] = useState<RowProblem[] | null>(null);
  const [failure, setFailure] = useState('');

  async function upload() {
    if (!file) return;
    setBusy(true);
    setDone(null);
    setProblems(null);
    setFailure('');
    try {
      const response = await fetch(`${BASE}/shelters/imports/staff`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', accept: 'application/json, application/problem+json' },
        credentials: 'same-origin',
        body: file,
      });
      const body = (await response.json().catch(() => null)) as unknown;
      if (response.ok) {
        setDone(body as ImportReport);
        onImported();
      } else if (response.status === 422) setProblems(rowProblems(body));
      else setFailure((body as { title?: string } | null)?.title ?? response.statusText);
    } catch {
      setFailure(t('problems.network_error'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section" aria-labelledby="import-title" id="shelter-import">
      <h2 id="import-title">{t('shelterImport.heading')}</h2>
      <p className="section__intro">{t('shelterImport.lead')}</p>
      <form
        className="disaster-inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void upload();
        }}
      >
        <div className="field">
          <label className="field__label" htmlFor="shelter-import-file">
            {t('shelterImport.file')}
          </label>
          <input
            id="shelter-import-file"
            className="field__input"
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <button type="submit" className="button button--secondary" id="shelter-import-submit" disabled={!file || busy}>
          {busy ? t('shelterImport.importing') : t('shelterImport.submit')}
        </button>
      </form>
      <p role="status" className="field__hint" id="shelter-import-done">
        {done && t('shelterImport.done', { ...done, kind: t(`shelterImport.kinds.${done.kind ?? 'none'}`) })}
      </p>
      <div role="alert" className="alert-region" id="shelter-import-problems">
        {failure && <div className="alert alert--error">{failure}</div>}
        {problems && (
          <div className="alert alert--error" data-problem="invalid_shelter_file">
            <p className="alert__title">{t('shelterImport.failed', { count: problems.length })}</p>
            <DataTable
              look="disaster-table"
              columns={[{ label: t('shelterImport.lineHeader') }, { label: t('shelterImport.column') }, { label: t('shelterImport.problem') }]}
            >
              {problems.slice(0, 100).map((p, i) => (
                <tr key={i} data-line={p.line}>
                  <td>{t('shelterImport.line', { line: p.line })}</td>
                  <td>{p.column || '—'}</td>
                  <td>{language === 'ja' ? p.ja || p.en : p.en}</td>
                </tr>
              ))}
            </DataTable>
          </div>
        )}
      </div>
    </section>
  );
}
