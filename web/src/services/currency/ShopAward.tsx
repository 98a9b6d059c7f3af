import { useState, type FormEvent } from 'react';
import type { Problem } from '../../api/http';
import { TextField } from '../../components/form/Field';
import { AmountField } from './AmountField';
import { currencyCall, newKey } from './api';
import { QrScanner } from './QrScanner';
import { digitsOf } from './ShopScan';
import { fill, pts, useCurrencyText } from './text';
import { parseTransfer } from './types';
import { checkAmount, Done, MoneyAlert } from './ui';

/** An organiser awards つなポン to a participant, by the participant's one-time code. */
export function AwardSection({ businessId }: { businessId: string }) {
  const { m } = useCurrencyText();
  const [code, setCode] = useState('');
  const [pointsText, setPointsText] = useState('');
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState<string[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const checked = checkAmount(pointsText, m);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setDone(null);
    const digits = digitsOf(code);
    const errors: string[] = [];
    if (!/^\d{12}$/.test(digits)) errors.push(m.shop.customerCodeInvalid);
    if ('error' in checked) errors.push(checked.error);
    if (reason.trim() === '') errors.push(m.shop.reasonEmpty);
    setInvalid(errors);
    if (errors.length > 0 || 'error' in checked) return;
    setPending(true);
    const result = await currencyCall('POST', `/organisers/${businessId}/awards`, parseTransfer, {
      body: { code: digits, points: checked.amount, reason: reason.trim() },
      key: newKey(),
    });
    setPending(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setDone(fill(m.shop.awarded, { points: pts(result.value.amount) }));
    setCode('');
    setPointsText('');
  }

  return (
    <section className="panel" id="shop-award" aria-labelledby="shop-award-title">
      <h2 className="panel__title" id="shop-award-title">
        {m.shop.awardHeading}
      </h2>
      <p>{m.shop.awardLead}</p>
      <QrScanner id="shop-award-scanner" onCode={(text) => setCode(digitsOf(text))} />
      <form className="form" noValidate id="shop-award-form" onSubmit={(event) => void submit(event)}>
        <MoneyAlert id="shop-award-alert" problem={problem} invalid={invalid} />
        {done !== null && <Done id="shop-award-done">{done}</Done>}
        <div className="form__row">
          <TextField
            id="shop-award-code"
            label={m.shop.participantCode}
            value={code}
            onValueChange={setCode}
            inputMode="numeric"
            autoComplete="off"
          />
          <AmountField
            id="shop-award-points"
            label={m.amount.pointsLabel}
            value={pointsText}
            onValueChange={setPointsText}
            className="cur-amount-input"
          />
        </div>
        <TextField id="shop-award-reason" label={m.shop.reason} hint={m.shop.reasonHint} value={reason} onValueChange={setReason} maxLength={120} />
        <button type="submit" className="button button--primary cur-big" id="shop-award-submit" aria-disabled={pending}>
          {'amount' in checked ? fill(m.shop.award, { points: pts(checked.amount) }) : m.shop.awardNoPoints}
        </button>
      </form>
    </section>
  );
}
