import { useState, type FormEvent } from 'react';
import type { Problem } from '../../api/http';
import { TextField } from '../../components/form/Field';
import { formatDate } from '../../format';
import { currencyCall } from './api';
import { parseCampaignSummary, parseCampaigns, parseKpis, statusOf, type Campaign } from './campaign-types';
import { useCurrencyGet } from './hooks';
import { eraFiscalYear } from './ShopMoney';
import { useInvoiceText } from './messages-invoices';
import { fill, useCurrencyText, yen } from './text';
import { Done, LoadFailed, MoneyAlert } from './ui';
import { LoadedTable } from './LoadedTable';

/**
 * Premium voucher campaigns: status, sold, issued, the value returned to the fund at expiry. A new
 * campaign and the return at expiry: the city's currency administrators do them signed in
 * (`city`, /city/…); anyone else needs the operator token (`operator`, /admin/…).
 */
export function CampaignsAdmin({ mode }: { mode: 'city' | 'operator' }) {
  const { m } = useCurrencyText();
  const t = useInvoiceText();
  const prefix = mode === 'city' ? '/city' : '/admin';
  const campaigns = useCurrencyGet('/campaigns', parseCampaigns);
  const [token, setToken] = useState('');
  const [round, setRound] = useState(0);
  const changed = () => {
    void campaigns.reload();
    setRound((n) => n + 1);
  };
  return (
    <section className="panel" id="admin-campaigns" aria-labelledby="admin-campaigns-title">
      <h2 className="panel__title" id="admin-campaigns-title">
        {m.admin.campaignsHeading}
      </h2>
      <LoadedTable
        loaded={campaigns}
        empty={m.vouchers.campaignsNone}
        id="admin-campaigns-table"
        columns={[
          { label: m.admin.name },
          { label: m.admin.campaignStatus },
          { label: `${m.vouchers.price} → ${m.vouchers.face}`, className: 'cur-num' },
          { label: m.vouchers.expires },
          { label: m.admin.sold, className: 'cur-num' },
          { label: m.admin.issued, className: 'cur-num' },
          { label: m.admin.returned, className: 'cur-num' },
          { label: m.admin.fundBalance, className: 'cur-num' },
        ]}
        rows={(list) => list.map((c) => <CampaignRow key={`${c.id}-${round}`} campaign={c} prefix={prefix} token={token} onChanged={changed} />)}
      />
      {mode === 'operator' && <p className="form__note">{t.admin.campaignsAdminOnly}</p>}
      {mode === 'operator' && (
        <div className="cur-operator">
          <TextField
            id="admin-operator-token"
            label={m.admin.operatorToken}
            hint={m.admin.operatorTokenHint}
            value={token}
            onValueChange={setToken}
            type="password"
            autoComplete="off"
            required={false}
          />
        </div>
      )}
      <CreateCampaign prefix={prefix} token={token} onCreated={changed} />
    </section>
  );
}

type Authority = { prefix: string; token: string };

function CampaignRow({ campaign, prefix, token, onChanged }: { campaign: Campaign; onChanged: () => void } & Authority) {
  const { m, language } = useCurrencyText();
  const summary = useCurrencyGet(`/campaigns/${campaign.id}`, parseCampaignSummary);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const status = statusOf(campaign);
  const shown = status === 'expired' && !campaign.expired ? 'due' : status;
  const s = summary.state === 'ready' ? summary.value : null;

  async function expire() {
    const result = await currencyCall(
      'POST',
      `${prefix}/campaigns/${campaign.id}/expiry`,
      (body) => (typeof body === 'object' && body !== null ? (body as { accounts?: number; returned?: number }) : null),
      prefix === '/admin' ? { bearer: token } : {},
    );
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setDone(fill(m.admin.expiredDone, { accounts: result.value.accounts ?? 0, amount: yen(result.value.returned ?? 0) }));
    onChanged();
  }

  return (
    <tr data-campaign={campaign.id} data-status={shown}>
      <td className="cur-name">{campaign.name}</td>
      <td className="cur-nowrap">
        {m.admin.status[shown]}
        {shown === 'due' && (
          <p>
            <button type="button" className="button button--secondary button--small" onClick={() => void expire()}>
              {m.admin.expireNow}
            </button>
          </p>
        )}
        <MoneyAlert id={`campaign-${campaign.id}-alert`} problem={problem} />
        {done !== null && <Done id={`campaign-${campaign.id}-done`}>{done}</Done>}
      </td>
      <td className="cur-num">
        {yen(campaign.price)} → {yen(campaign.faceValue)}
      </td>
      <td className="cur-nowrap">{formatDate(campaign.expiresAt, language)}</td>
      <td className="cur-num">{s === null ? '…' : s.sold.toLocaleString('ja-JP')}</td>
      <td className="cur-num">{s === null ? '…' : yen(s.issued)}</td>
      <td className="cur-num" data-returned={s?.returnedAtExpiry ?? ''}>
        {s === null ? '…' : yen(s.returnedAtExpiry)}
      </td>
      <td className="cur-num">{s === null ? '…' : yen(s.fundBalance)}</td>
    </tr>
  );
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

function CreateCampaign({ prefix, token, onCreated }: { onCreated: () => void } & Authority) {
  const { m } = useCurrencyText();
  const today = new Date();
  const [form, setForm] = useState({
    name: '',
    price: '10000',
    faceValue: '12500',
    smallShopPart: '5000',
    perPersonLimit: '1',
    saleStarts: isoDay(today),
    saleEnds: isoDay(new Date(today.getTime() + 30 * 86_400_000)),
    expiresAt: isoDay(new Date(today.getTime() + 150 * 86_400_000)),
    funding: '250000',
  });
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
      const n = Number(text.replace(/,/g, ''));
      if (!Number.isInteger(n) || n < min) errors.push(fill(m.admin.invalidNumber, { field: label }));
      return n;
    };
    if (form.name.trim() === '') errors.push(m.admin.nameEmpty);
    const price = whole(form.price, m.admin.price);
    const faceValue = whole(form.faceValue, m.admin.faceValue);
    const smallShopPart = whole(form.smallShopPart, m.admin.smallShopPart, 0);
    const perPersonLimit = whole(form.perPersonLimit, m.admin.perPersonLimit);
    const funding = whole(form.funding, m.admin.funding, 0);
    if (faceValue < price) errors.push(m.admin.faceBelowPrice);
    if (form.saleStarts === '' || form.saleEnds === '' || form.expiresAt === '') errors.push(m.admin.dateEmpty);
    setInvalid(errors);
    if (errors.length > 0) return;
    setPending(true);
    // Dates are days in Japan time: the sale runs from the start of its first day to the end of its last.
    const result = await currencyCall('POST', `${prefix}/campaigns`, () => true, {
      body: {
        name: form.name.trim(),
        price,
        faceValue,
        smallShopPart,
        perPersonLimit,
        saleStarts: `${form.saleStarts}T00:00:00+09:00`,
        saleEnds: `${form.saleEnds}T23:59:59+09:00`,
        expiresAt: `${form.expiresAt}T23:59:59+09:00`,
        funding,
      },
      ...(prefix === '/admin' ? { bearer: token } : {}),
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
          label={m.admin.smallShopPart}
          value={form.smallShopPart}
          onValueChange={set('smallShopPart')}
          inputMode="numeric"
        />
        <TextField
          id="campaign-limit"
          label={m.admin.perPersonLimit}
          value={form.perPersonLimit}
          onValueChange={set('perPersonLimit')}
          inputMode="numeric"
        />
        <TextField id="campaign-funding" label={m.admin.funding} value={form.funding} onValueChange={set('funding')} inputMode="numeric" />
      </div>
      <div className="form__row">
        <TextField id="campaign-sale-starts" label={m.admin.saleStarts} value={form.saleStarts} onValueChange={set('saleStarts')} type="date" />
        <TextField id="campaign-sale-ends" label={m.admin.saleEnds} value={form.saleEnds} onValueChange={set('saleEnds')} type="date" />
        <TextField id="campaign-expires" label={m.admin.expiresAt} value={form.expiresAt} onValueChange={set('expiresAt')} type="date" />
      </div>
      <button type="submit" className="button button--primary" id="admin-campaign-submit" aria-disabled={pending}>
        {m.admin.create}
      </button>
    </form>
  );
}

/** The KPIs the city reports: fields with payments, volume per fiscal year, fees saved by shops. */
export function KpiSection() {
  const { m, language } = useCurrencyText();
  const kpis = useCurrencyGet('/kpis', parseKpis);
  const fy = (year: number) => fill(m.shop.fiscalYearLabel, { year, era: eraFiscalYear(year) });
  return (
    <section className="panel" id="admin-kpi" aria-labelledby="admin-kpi-title">
      <h2 className="panel__title" id="admin-kpi-title">
        {m.admin.kpiHeading}
      </h2>
      {kpis.state === 'loading' && <p role="status">{m.loading}</p>}
      {kpis.state === 'failed' && <LoadFailed problem={kpis.problem} onRetry={() => void kpis.reload()} />}
      {kpis.state === 'ready' && (
        <>
          <dl className="cur-figure" id="admin-kpi-figures">
            <div>
              <dt>{m.admin.fieldsWithPayments}</dt>
              <dd id="kpi-fields" data-value={kpis.value.fieldsWithPayments}>
                {kpis.value.fieldsWithPayments}
              </dd>
            </div>
          </dl>
          {kpis.value.fields.length > 0 && (
            <div className="cur-table-wrap">
              <table className="cur-table" id="kpi-by-field">
                <caption className="cur-caption">{m.admin.byField}</caption>
                <thead>
                  <tr>
                    <th scope="col">{m.admin.field}</th>
                    <th scope="col" className="cur-num">
                      {m.admin.payments}
                    </th>
                    <th scope="col" className="cur-num">
                      {m.admin.volume}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {kpis.value.fields.map((row) => (
                    <tr key={row.field} data-field={row.field}>
                      <td>{row.label[language]}</td>
                      <td className="cur-num">{row.payments.toLocaleString('ja-JP')}</td>
                      <td className="cur-num">{yen(row.volume)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="cur-table-wrap">
            <table className="cur-table" id="kpi-by-year">
              <caption className="cur-caption">{m.admin.byYear}</caption>
              <thead>
                <tr>
                  <th scope="col">{m.admin.fiscalYear}</th>
                  <th scope="col" className="cur-num">
                    {m.admin.payments}
                  </th>
                  <th scope="col" className="cur-num">
                    {m.admin.volume}
                  </th>
                  <th scope="col" className="cur-num">
                    {m.admin.fees}
                  </th>
                  <th scope="col" className="cur-num">
                    {m.admin.typicalFees}
                  </th>
                  <th scope="col" className="cur-num">
                    {m.admin.feesSaved}
                  </th>
                </tr>
              </thead>
              <tbody>
                {kpis.value.volumeByFiscalYear.map((row) => {
                  const fees = kpis.value.feesSavedByFiscalYear.find((f) => f.fiscalYear === row.fiscalYear);
                  return (
                    <tr key={row.fiscalYear} data-fiscal-year={row.fiscalYear}>
                      <td>{fy(row.fiscalYear)}</td>
                      <td className="cur-num">{row.payments.toLocaleString('ja-JP')}</td>
                      <td className="cur-num" data-volume={row.volume}>
                        {yen(row.volume)}
                      </td>
                      <td className="cur-num">{fees === undefined ? '—' : yen(fees.fees)}</td>
                      <td className="cur-num">{fees === undefined ? '—' : yen(fees.typicalFees)}</td>
                      <td className="cur-num" data-fees-saved={fees?.feesSaved ?? ''}>
                        {fees === undefined ? '—' : yen(fees.feesSaved)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
