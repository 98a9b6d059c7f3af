import { useState } from 'react';
import type { Problem } from '../../api/http';
import { currencyCall, newKey, noBody } from './api';
import type { Invoice } from './invoice-types';
import { statusBadge } from './InvoicesScreen';
import { useInvoiceText } from './messages-invoices';
import { fill, useCurrencyText, yen } from './text';
import { parseTransfer, type Business } from './types';
import { ConfirmBox, Done, MoneyAlert } from './ui';

/** One invoice in the business portal: who with, what, how much, its status; pay (received) or cancel (issued). */
export function InvoiceRow(props: { invoice: Invoice; business: Business; owner: boolean; onChanged: () => void }) {
  const { invoice, business } = props;
  const t = useInvoiceText();
  const { m } = useCurrencyText();
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [key, setKey] = useState(newKey);
  const received = invoice.payerBusinessId === business.id;
  const other = received
    ? fill(t.shop.from, { name: invoice.issuerName })
    : invoice.payerName !== null
      ? fill(t.shop.issuedTo, { name: invoice.payerName })
      : fill(t.shop.household, { code: invoice.payCode ?? '' });

  async function act(path: string, text: string, money: boolean) {
    if (pending) return;
    setPending(true);
    const result = money
      ? await currencyCall('POST', path, parseTransfer, { body: {}, key })
      : await currencyCall('POST', path, noBody, { body: {} });
    setPending(false);
    if (!result.ok) {
      setProblem(result.problem);
      if (result.problem.status !== 0) setKey(newKey());
      return;
    }
    setProblem(null);
    setConfirming(false);
    setDone(text);
    props.onChanged();
  }

  const base = `/businesses/${business.id}/invoices/${invoice.id}`;
  return (
    <tr data-invoice={invoice.id} data-status={invoice.status} data-direction={received ? 'received' : 'issued'}>
      <td>{other}</td>
      <td className="cur-name">{invoice.description}</td>
      <td className="cur-num">{yen(invoice.amount)}</td>
      <td>
        <span className={`badge ${statusBadge[invoice.status]}`}>{t.status[invoice.status]}</span>
        <MoneyAlert id={`invoice-${invoice.id}-alert`} problem={problem} />
        {done !== null && <Done id={`invoice-${invoice.id}-done`}>{done}</Done>}
        {invoice.status === 'open' && received && !props.owner && <p className="form__note">{t.shop.ownerOnly}</p>}
        {invoice.status === 'open' && received && props.owner && !confirming && (
          <p>
            <button type="button" className="button button--primary button--small" onClick={() => setConfirming(true)}>
              {t.shop.pay}
            </button>
          </p>
        )}
        {confirming && (
          <ConfirmBox
            big={false}
            confirm={fill(m.approve.approveAmount, { amount: yen(invoice.amount) })}
            pending={pending}
            onConfirm={() => void act(`${base}/payments`, fill(t.shop.paid, { name: invoice.issuerName, amount: yen(invoice.amount) }), true)}
            onCancel={() => setConfirming(false)}
          >
            <p>{fill(t.shop.payConfirm, { name: invoice.issuerName, amount: yen(invoice.amount) })}</p>
          </ConfirmBox>
        )}
        {invoice.status === 'open' && !received && (
          <p>
            <button
              type="button"
              className="button button--quiet button--small"
              aria-disabled={pending}
              onClick={() => void act(`${base}/cancellation`, t.shop.cancelled, false)}
            >
              {t.shop.cancel}
            </button>
          </p>
        )}
      </td>
    </tr>
  );
}
