import { useEffect, useState, type FormEvent } from 'react';
import type { Problem } from '../../api/http';
import { formatDateTime } from '../../format';
import { AmountField } from './AmountField';
import { currencyCall, newKey } from './api';
import { lineLabel } from './History';
import { useCurrencyGet } from './hooks';
import { fill, signedYen, useCurrencyText, yen } from './text';
import { parseStatement, parseTransfer, type Line } from './types';
import { checkAmount, Done, MoneyAlert } from './ui';
import { LoadedTable } from './LoadedTable';

/** The shop's entries of the last 31 days, newest first, each with its balance after; refunds from here. */
export function SalesSection({ businessId, round, onMoved }: { businessId: string; round: number; onMoved: () => void }) {
  const { m, language } = useCurrencyText();
  const statement = useCurrencyGet(`/shops/${businessId}/statement`, parseStatement);
  const { reload } = statement;
  const [refunding, setRefunding] = useState<Line | null>(null);
  const [refunded, setRefunded] = useState<string | null>(null);
  useEffect(() => {
    if (round > 0) void reload();
  }, [round, reload]);

  return (
    <section className="panel" id="shop-sales" aria-labelledby="shop-sales-title">
      <h2 className="panel__title" id="shop-sales-title">
        {m.shop.salesHeading}
      </h2>
      {refunded !== null && <Done id="shop-refund-done">{refunded}</Done>}
      <LoadedTable
        loaded={statement}
        isEmpty={({ lines }) => lines.length === 0}
        empty={m.shop.salesNone}
        emptyId="shop-sales-empty"
        id="shop-sales-table"
        columns={[
          { label: m.shop.when },
          { label: m.shop.what },
          { label: m.shop.amount, className: 'cur-num' },
          { label: m.shop.after, className: 'cur-num' },
          { label: m.shop.refund, hidden: true },
        ]}
        rows={({ lines }) =>
          [...lines].reverse().map((line) => {
            const { what } = lineLabel(line, m, 'shop');
            const refundable = line.kind === 'payment' && line.amount > 0;
            return (
              <tr key={line.entryId} data-kind={line.kind} data-amount={line.amount} data-transfer={line.transferId}>
                <td>{formatDateTime(line.at, language)}</td>
                <td>{what}</td>
                <td className="cur-num">{signedYen(line.amount)}</td>
                <td className="cur-num">{yen(line.balanceAfter)}</td>
                <td>
                  {refundable && (
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      onClick={() => {
                        setRefunded(null);
                        setRefunding(line);
                      }}
                      aria-label={`${m.shop.refund} ${formatDateTime(line.at, language)} ${yen(line.amount)}`}
                    >
                      {m.shop.refund}
                    </button>
                  )}
                </td>
              </tr>
            );
          })
        }
      />
      {refunding !== null && (
        <RefundForm
          key={refunding.transferId}
          businessId={businessId}
          payment={refunding}
          onCancel={() => setRefunding(null)}
          onDone={(amount) => {
            setRefunding(null);
            setRefunded(fill(m.shop.refunded, { amount: yen(amount) }));
            onMoved();
          }}
        />
      )}
    </section>
  );
}

function RefundForm(props: { businessId: string; payment: Line; onCancel: () => void; onDone: (amount: number) => void }) {
  const { m, language } = useCurrencyText();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const [key] = useState(newKey);
  const checked = text.trim() === '' ? null : checkAmount(text, m);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    if (checked !== null && 'error' in checked) {
      setError(checked.error);
      return;
    }
    setError(null);
    setPending(true);
    const body = checked === null ? { paymentId: props.payment.transferId } : { paymentId: props.payment.transferId, amount: checked.amount };
    const result = await currencyCall('POST', `/shops/${props.businessId}/refunds`, parseTransfer, { body, key });
    setPending(false);
    if (result.ok) props.onDone(result.value.amount);
    else setProblem(result.problem);
  }

  return (
    <form className="form cur-refund" noValidate id="shop-refund-form" onSubmit={(event) => void submit(event)}>
      <h3>
        {m.shop.refundHeading}: {formatDateTime(props.payment.at, language)} {yen(props.payment.amount)}
      </h3>
      <MoneyAlert id="shop-refund-alert" problem={problem} invalid={error === null ? [] : [error]} />
      <AmountField
        id="shop-refund-amount"
        label={m.shop.refundAmount}
        value={text}
        onValueChange={setText}
        required={false}
        error={error}
        className="cur-amount-input"
      />
      <div className="actions">
        <button type="submit" className="button button--danger" id="shop-refund-submit" aria-disabled={pending}>
          {checked !== null && 'amount' in checked
            ? fill(m.shop.refundPart, { amount: yen(checked.amount) })
            : fill(m.shop.refundFull, { amount: yen(props.payment.amount) })}
        </button>
        <button type="button" className="button button--secondary" onClick={props.onCancel}>
          {m.cancel}
        </button>
      </div>
    </form>
  );
}
