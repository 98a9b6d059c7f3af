import { useState, type FormEvent } from 'react';
import type { Problem } from '../../api/http';
import { TextField } from '../../components/form/Field';
import { formatDate } from '../../format';
import { currencyCall, newKey } from './api';
import { parseCampaigns, parseKpis } from './campaign-types';
import { useCurrencyGet } from './hooks';
import { eraFiscalYear, fiscalYearOf } from './ShopMoney';
import { fill, useCurrencyText, yen } from './text';
import { parseFields } from './types';
import { Done, LoadFailed, MoneyAlert } from './ui';

/** What a section shows when the API answers 404 (not built yet) or 403 (not a city admin). */
function Unavailable({ problem, onRetry }: { problem: Problem; onRetry: () => void }) {
  const { m } = useCurrencyText();
  if (problem.status === 404) return <p className="empty">{m.admin.missing}</p>;
  if (problem.status === 403) return <p className="empty">{m.admin.adminOnly}</p>;
  return <LoadFailed problem={problem} onRetry={onRetry} />;
}

/** Premium voucher campaigns: status, issued, spent, and what went back to the fund at expiry; and a new one. */
export function CampaignsAdmin() {
  const { m, language } = useCurrencyText();
  const campaigns = useCurrencyGet('/admin/campaigns', parseCampaigns);
  const statusLabel = (status: string) => (Object.hasOwn(m.admin.status, status) ? m.admin.status[status as keyof typeof m.admin.status] : status);
  return (
    <section className="panel" id="admin-campaigns" aria-labelledby="admin-campaigns-title">
      <h2 className="panel__title" id="admin-campaigns-title">
        {m.admin.campaignsHeading}
      </h2>
      {campaigns.state === 'loading' && <p role="status">{m.loading}</p>}
      {campaigns.state === 'failed' && <Unavailable problem={campaigns.problem} onRetry={() => void campaigns.reload()} />}
      {campaigns.state === 'ready' && (
        <>
          {campaigns.value.length === 0 ? (
            <p className="empty">{m.vouchers.campaignsNone}</p>
          ) : (
            <div className="cur-table-wrap">
              <table className="cur-table" id="admin-campaigns-table">
                <thead>
                  <tr>
                    <th scope="col">{m.admin.name}</th>
                    <th scope="col">{m.admin.campaignStatus}</th>
                    <th scope="col" className="cur-num">
                      {m.vouchers.price} → {m.vouchers.face}
                    </th>
                    <th scope="col">{m.vouchers.expires}</th>
                    <th scope="col" className="cur-num">
                      {m.admin.issued}
                    </th>
                    <th scope="col" className="cur-num">
                      {m.admin.spent}
                    </th>
                    <th scope="col" className="cur-num">
                      {m.admin.returned}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {campaigns.value.map((c) => (
                    <tr key={c.id} data-campaign={c.id} data-status={c.status}>
                      <td>{c.name}</td>
                      <td>{statusLabel(c.status)}</td>
                      <td className="cur-num">
                        {yen(c.price)} → {yen(c.faceValue)}
                      </td>
                      <td>{c.expiresAt === null ? '—' : formatDate(c.expiresAt, language)}</td>
                      <td className="cur-num">{c.issued === null ? '—' : yen(c.issued)}</td>
                      <td className="cur-num">{c.spent === null ? '—' : yen(c.spent)}</td>
                      <td className="cur-num">{c.returned === null ? '—' : yen(c.returned)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <CreateCampaign onCreated={() => void campaigns.reload()} />
        </>
      )}
    </section>
  );
}

function CreateCampaign({ onCreated }: { onCreated: () => void }) {
  const { m } = useCurrencyText();
  const [form, setForm] = useState({ name: '', price: '10000', faceValue: '12500', smallShopValue: '5000', limit: '5', expiresOn: '' });
  const [invalid, setInvalid] = useState<string[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const set = (field: keyof typeof form) => (value: string) => setForm((current) => ({ ...current, [field]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setDone(null);
    const errors: string[] = [];
    const whole = (text: string, label: string, min = 1) => {
      const n = Number(text);
      if (!Number.isInteger(n) || n < min) errors.push(fill(m.admin.invalidNumber, { field: label }));
      return n;
    };
    if (form.name.trim() === '') errors.push(m.admin.nameEmpty);
    const price = whole(form.price, m.admin.price);
    const faceValue = whole(form.faceValue, m.admin.faceValue);
    const smallShopValue = whole(form.smallShopValue, m.admin.smallShopValue, 0);
    const limitPerPerson = whole(form.limit, m.admin.limit);
    if (faceValue < price) errors.push(m.admin.faceBelowPrice);
    if (form.expiresOn === '') errors.push(m.admin.dateEmpty);
    setInvalid(errors);
    if (errors.length > 0) return;
    setPending(true);
    const result = await currencyCall('POST', '/admin/campaigns', () => true, {
      body: { name: form.name.trim(), price, faceValue, smallShopValue, limitPerPerson, expiresAt: `${form.expiresOn}T23:59:59+09:00` },
      key: newKey(),
    });
    setPending(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setDone(fill(m.admin.created, { name: form.name.trim() }));
    onCreated();
  }

  return (
    <form className="form cur-create" noValidate id="admin-campaign-form" onSubmit={(event) => void submit(event)}>
      <h3>{m.admin.createHeading}</h3>
      <MoneyAlert id="admin-campaign-alert" problem={problem} invalid={invalid} />
      {done !== null && <Done id="admin-campaign-done">{done}</Done>}
      <TextField id="campaign-name" label={m.admin.name} value={form.name} onValueChange={set('name')} maxLength={80} />
      <div className="form__row">
        <TextField id="campaign-price" label={m.admin.price} value={form.price} onValueChange={set('price')} inputMode="numeric" />
        <TextField id="campaign-face" label={m.admin.faceValue} value={form.faceValue} onValueChange={set('faceValue')} inputMode="numeric" />
        <TextField
          id="campaign-small"
          label={m.admin.smallShopValue}
          value={form.smallShopValue}
          onValueChange={set('smallShopValue')}
          inputMode="numeric"
        />
        <TextField id="campaign-limit" label={m.admin.limit} value={form.limit} onValueChange={set('limit')} inputMode="numeric" />
        <TextField id="campaign-expires" label={m.admin.expiresAt} value={form.expiresOn} onValueChange={set('expiresOn')} type="date" />
      </div>
      <button type="submit" className="button button--primary" aria-disabled={pending}>
        {m.admin.create}
      </button>
    </form>
  );
}

/** The KPIs the city reports: fields with payments, volume per fiscal year, fees saved by shops. */
export function KpiSection() {
  const { m, language } = useCurrencyText();
  const current = fiscalYearOf(new Date());
  const [year, setYear] = useState(current);
  const kpis = useCurrencyGet(`/kpis?fiscalYear=${year}`, parseKpis);
  const fields = useCurrencyGet('/fields', parseFields);
  const fieldName = (id: string) => {
    const found = fields.state === 'ready' ? fields.value.find((f) => f.id === id) : undefined;
    return found === undefined ? id : found[language];
  };
  return (
    <section className="panel" id="admin-kpi" aria-labelledby="admin-kpi-title">
      <h2 className="panel__title" id="admin-kpi-title">
        {m.admin.kpiHeading}
      </h2>
      <div className="field">
        <label className="field__label" htmlFor="admin-kpi-year">
          {m.admin.fiscalYear}
        </label>
        <select id="admin-kpi-year" className="field__input cur-select" value={year} onChange={(event) => setYear(Number(event.target.value))}>
          {[current, current - 1, current - 2].map((y) => (
            <option key={y} value={y}>
              {fill(m.shop.fiscalYearLabel, { year: y, era: eraFiscalYear(y) })}
            </option>
          ))}
        </select>
      </div>
      {kpis.state === 'loading' && <p role="status">{m.loading}</p>}
      {kpis.state === 'failed' && <Unavailable problem={kpis.problem} onRetry={() => void kpis.reload()} />}
      {kpis.state === 'ready' && (
        <>
          <dl className="cur-figure" id="admin-kpi-figures">
            <div>
              <dt>{m.admin.fieldsWithPayments}</dt>
              <dd id="kpi-fields">{kpis.value.fieldsWithPayments}</dd>
            </div>
            <div>
              <dt>{m.admin.volume}</dt>
              <dd id="kpi-volume">{yen(kpis.value.volume)}</dd>
            </div>
            {kpis.value.payments !== null && (
              <div>
                <dt>{m.admin.payments}</dt>
                <dd>{kpis.value.payments.toLocaleString('ja-JP')}</dd>
              </div>
            )}
            <div className="cur-figure--saved">
              <dt>{m.admin.feesSaved}</dt>
              <dd id="kpi-fees-saved">{yen(kpis.value.feesSaved)}</dd>
            </div>
          </dl>
          {kpis.value.byField.length > 0 && (
            <div className="cur-table-wrap">
              <table className="cur-table">
                <caption className="visually-hidden">{m.admin.byField}</caption>
                <thead>
                  <tr>
                    <th scope="col">{m.admin.fieldJa}</th>
                    <th scope="col" className="cur-num">
                      {m.admin.volume}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {kpis.value.byField.map((row) => (
                    <tr key={row.field}>
                      <td>{fieldName(row.field)}</td>
                      <td className="cur-num">{yen(row.volume)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
