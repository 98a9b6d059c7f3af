import { useEffect, useState, type FormEvent } from 'react';
import { AmountField } from './AmountField';
import { useCurrencyGet, useMoneyCall } from './hooks';
import { fill, useCurrencyText, yen } from './text';
import { parseFeeStatement, parseTransfer } from './types';
import { checkAmount, Done, LoadFailed, MoneyAlert } from './ui';

/** 即時現金化: the owner pays the shop's balance (or part of it) to its bank account now. */
export function CashOutSection(props: { businessId: string; owner: boolean; balance: number | null; onMoved: () => void }) {
  const { m } = useCurrencyText();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const { problem, setProblem, pending, send } = useMoneyCall();
  const effective = text.trim() === '' && props.balance !== null && props.balance > 0 ? String(props.balance) : text;
  const checked = checkAmount(effective, m);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setDone(null);
    if ('error' in checked) {
      setError(checked.error);
      setProblem(null);
      return;
    }
    setError(null);
    const paidOut = await send(`/shops/${props.businessId}/cash-outs`, parseTransfer, { amount: checked.amount });
    if (!paidOut) return;
    setText('');
    setDone(paidOut.amount);
    props.onMoved();
  }

  return (
    <section className="panel" id="shop-cash-out" aria-labelledby="shop-cash-out-title">
      <h2 className="panel__title" id="shop-cash-out-title">
        {m.shop.cashOutHeading}
      </h2>
      <p>{m.shop.cashOutLead}</p>
      <p className="cur-demo">
        <span className="badge badge--demo">DEMO</span> {m.demoBankNotice}
      </p>
      {!props.owner ? (
        <p className="empty">{m.shop.cashOutOwnerOnly}</p>
      ) : (
        <form className="form" noValidate id="shop-cash-out-form" onSubmit={(event) => void submit(event)}>
          <MoneyAlert id="shop-cash-out-alert" problem={problem} invalid={error === null ? [] : [error]} />
          {done !== null && <Done id="shop-cash-out-done">{fill(m.shop.cashedOut, { amount: yen(done) })}</Done>}
          <AmountField
            id="shop-cash-out-amount"
            hint={m.amount.hint}
            value={text}
            placeholder={props.balance === null ? '' : String(props.balance)}
            onValueChange={setText}
            required={false}
            error={error}
            className="cur-amount-input"
          />
          <button type="submit" className="button button--primary cur-big" id="shop-cash-out-submit" aria-disabled={pending}>
            {'amount' in checked ? fill(m.shop.cashOut, { amount: yen(checked.amount) }) : m.shop.cashOutNoAmount}
          </button>
        </form>
      )}
    </section>
  );
}

/** The fiscal year (April–March, Japan time) a date falls in. */
export function fiscalYearOf(date: Date): number {
  const jst = new Date(date.getTime() + 9 * 3_600_000);
  return jst.getUTCMonth() >= 3 ? jst.getUTCFullYear() : jst.getUTCFullYear() - 1;
}

const eraYear = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { timeZone: 'Asia/Tokyo', era: 'long', year: 'numeric' });

/** "令和8年度" for fiscal 2026. */
export const eraFiscalYear = (year: number): string => `${eraYear.format(new Date(`${year}-04-01T00:00:00+09:00`))}度`;

const percent = (bp: number): string => `${(bp / 100).toLocaleString('ja-JP', { maximumFractionDigits: 2 })}%`;

/** The fee statement: sales, fees paid, and the fee saved against a typical cashless fee. */
export function FeeSection({ businessId, round }: { businessId: string; round: number }) {
  const { m } = useCurrencyText();
  const current = fiscalYearOf(new Date());
  const [year, setYear] = useState(current);
  const fees = useCurrencyGet(`/shops/${businessId}/fee-statement?fiscalYear=${year}`, parseFeeStatement);
  const { reload } = fees;
  useEffect(() => {
    if (round > 0) void reload();
  }, [round, reload]);
  const years = [current, current - 1, current - 2];
  return (
    <section className="panel" id="shop-fees" aria-labelledby="shop-fees-title">
      <h2 className="panel__title" id="shop-fees-title">
        {m.shop.feeHeading}
      </h2>
      <div className="field">
        <label className="field__label" htmlFor="shop-fee-year">
          {m.shop.fiscalYear}
        </label>
        <select id="shop-fee-year" className="field__input cur-select" value={year} onChange={(event) => setYear(Number(event.target.value))}>
          {years.map((y) => (
            <option key={y} value={y}>
              {fill(m.shop.fiscalYearLabel, { year: y, era: eraFiscalYear(y) })}
            </option>
          ))}
        </select>
      </div>
      {fees.state === 'loading' && <p role="status">{m.loading}</p>}
      {fees.state === 'failed' && <LoadFailed problem={fees.problem} onRetry={() => void reload()} />}
      {fees.state === 'ready' && (
        <dl className="cur-figure" id="shop-fee-statement" data-fiscal-year={fees.value.fiscalYear}>
          <div>
            <dt>{m.shop.sales}</dt>
            <dd id="fee-sales" data-amount={fees.value.sales}>
              {yen(fees.value.sales)}
            </dd>
          </div>
          <div>
            <dt>{m.shop.refunds}</dt>
            <dd id="fee-refunds" data-amount={fees.value.refunds}>
              {yen(fees.value.refunds)}
            </dd>
          </div>
          <div>
            <dt>{m.shop.netSales}</dt>
            <dd id="fee-net-sales" data-amount={fees.value.netSales}>
              {yen(fees.value.netSales)}
            </dd>
          </div>
          <div>
            <dt>{m.shop.payments}</dt>
            <dd id="fee-payments">{fill(m.shop.paymentsCount, { count: fees.value.payments })}</dd>
          </div>
          <div>
            <dt>
              {m.shop.fees}（{m.shop.rate} {percent(fees.value.rateBp)}・{m.shop.cap}{' '}
              {fees.value.annualCap === null ? m.shop.noCap : yen(fees.value.annualCap)}）
            </dt>
            <dd id="fee-fees" data-amount={fees.value.fees}>
              {yen(fees.value.fees)}
              {fees.value.feesReturned > 0 && (
                <span className="cur-figure__note" id="fee-returned" data-amount={fees.value.feesReturned}>
                  {fill(m.shop.feesReturned, { amount: yen(fees.value.feesReturned) })}
                </span>
              )}
            </dd>
          </div>
          <div>
            <dt>{fill(m.shop.typical, { rate: percent(fees.value.typicalRateBp) })}</dt>
            <dd id="fee-typical" data-amount={fees.value.typicalFee}>
              {yen(fees.value.typicalFee)}
            </dd>
          </div>
          <div className="cur-figure--saved">
            <dt>{m.shop.saved}</dt>
            <dd id="fee-saved" data-amount={fees.value.feeSaved}>
              {yen(fees.value.feeSaved)}
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}
