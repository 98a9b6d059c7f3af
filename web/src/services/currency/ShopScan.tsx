import { useState, type FormEvent } from 'react';
import { TextField } from '../../components/form/Field';
import { AmountField } from './AmountField';
import { useMoneyCall } from './hooks';
import { QrScanner } from './QrScanner';
import { fill, useCurrencyText, yen } from './text';
import { parseTransfer, type Transfer } from './types';
import { checkAmount, Done, MoneyAlert } from './ui';

/** The 12 digits of a one-time code, however it was scanned or typed ("4839 2017 5562"). */
export const digitsOf = (text: string): string =>
  text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[\s-]/g, '');

/**
 * A code and an amount, sent to `path` (a shop taking a customer's one-time code, or city
 * staff charging at the counter): the same form for both.
 */
export function CodeAndAmountForm(props: {
  id: string;
  path: string;
  codeLabel: string;
  submitLabel: string;
  submitNoAmount: string;
  doneText: (moved: Transfer) => string;
  onMoved: () => void;
}) {
  const { m } = useCurrencyText();
  const [code, setCode] = useState('');
  const [amountText, setAmountText] = useState('');
  const [errors, setErrors] = useState<{ code?: string; amount?: string }>({});
  const [done, setDone] = useState<Transfer | null>(null);
  const { problem, setProblem, pending, send } = useMoneyCall();
  const checked = checkAmount(amountText, m);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setDone(null);
    const digits = digitsOf(code);
    const next: { code?: string; amount?: string } = {};
    if (!/^\d{12}$/.test(digits)) next.code = m.shop.customerCodeInvalid;
    if ('error' in checked) next.amount = checked.error;
    setErrors(next);
    if (next.code !== undefined || next.amount !== undefined || 'error' in checked) {
      setProblem(null);
      return;
    }
    const moved = await send(props.path, parseTransfer, { code: digits, amount: checked.amount });
    if (!moved) return;
    setDone(moved);
    setCode('');
    setAmountText('');
    props.onMoved();
  }

  const invalid = [errors.code, errors.amount].filter((line): line is string => line !== undefined);
  return (
    <>
      <QrScanner id={`${props.id}-scanner`} onCode={(text) => setCode(digitsOf(text))} />
      <form className="form" noValidate id={`${props.id}-form`} onSubmit={(event) => void submit(event)}>
        <MoneyAlert id={`${props.id}-alert`} problem={problem} invalid={invalid} />
        {done !== null && <Done id={`${props.id}-done`}>{props.doneText(done)}</Done>}
        <div className="form__row">
          <TextField
            id={`${props.id}-code`}
            label={props.codeLabel}
            value={code}
            onValueChange={setCode}
            inputMode="numeric"
            autoComplete="off"
            maxLength={16}
            error={errors.code ?? null}
          />
          <AmountField
            id={`${props.id}-amount`}
            hint={m.amount.hint}
            value={amountText}
            onValueChange={setAmountText}
            error={errors.amount ?? null}
            className="cur-amount-input"
          />
        </div>
        <button type="submit" className="button button--primary cur-big" id={`${props.id}-submit`} aria-disabled={pending}>
          {'amount' in checked ? fill(props.submitLabel, { amount: yen(checked.amount) }) : props.submitNoAmount}
        </button>
      </form>
    </>
  );
}

/** Take a payment: the customer's one-time code and the amount. */
export function ScanSection({ businessId, onMoved }: { businessId: string; onMoved: () => void }) {
  const { m } = useCurrencyText();
  return (
    <section className="panel" id="shop-scan" aria-labelledby="shop-scan-title">
      <h2 className="panel__title" id="shop-scan-title">
        {m.shop.scanHeading}
      </h2>
      <p>{m.shop.scanLead}</p>
      <CodeAndAmountForm
        id="shop-take"
        path={`/shops/${businessId}/scans`}
        codeLabel={m.shop.customerCode}
        submitLabel={m.shop.take}
        submitNoAmount={m.shop.takeNoAmount}
        doneText={(moved) => fill(m.shop.taken, { amount: yen(moved.amount), fee: yen(moved.fee) })}
        onMoved={onMoved}
      />
    </section>
  );
}
