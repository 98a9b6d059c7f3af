import { useEffect, useState, type FormEvent } from 'react';
import type { Problem } from '../../api/http';
import { TextField } from '../../components/form/Field';
import { formatDate } from '../../format';
import { useLocation } from '../../router';
import { currencyCall } from './api';
import { useCurrencyGet, useMoneyCall } from './hooks';
import { parseInvoice, parseInvoices, type Invoice } from './invoice-types';
import { useInvoiceText } from './messages-invoices';
import { fill, useCurrencyText, yen } from './text';
import { parseTransfer, type Wallet } from './types';
import { ConfirmBox, Done, LoadFailed, MoneyAlert } from './ui';

/**
 * `/wallet/invoices`: school fees (学校徴収金) and other bills. The parent adds a bill by the
 * pay code the school handed out (or opens the bill's QR, which carries `?code=`); the bill
 * stays here, open ones first, and is paid from the wallet with a confirmation.
 */
export function InvoicesScreen({ wallet, onMoved }: { wallet: Wallet; onMoved: () => void }) {
  const t = useInvoiceText();
  const { m } = useCurrencyText();
  const invoices = useCurrencyGet('/wallet/invoices', parseInvoices);
  const { search } = useLocation();
  const [code, setCode] = useState(search.get('code') ?? '');
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [paid, setPaid] = useState<string | null>(null);

  async function add(value: string) {
    setAdded(null);
    if (value.trim() === '') {
      setError(t.wallet.codeEmpty);
      return;
    }
    setError(null);
    const result = await currencyCall('POST', '/wallet/invoices', parseInvoice, { body: { payCode: value.trim() } });
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setCode('');
    setAdded(fill(t.wallet.added, { description: result.value.description, issuer: result.value.issuerName }));
    void invoices.reload();
  }

  // A bill's QR opens this page with its code: add it at once (nothing is paid yet).
  const fromLink = search.get('code');
  useEffect(() => {
    if (fromLink !== null && fromLink !== '') void add(fromLink);
    // Only when the page opens with a code.
  }, [fromLink]);

  function submit(event: FormEvent) {
    event.preventDefault();
    void add(code);
  }

  return (
    <>
      <p className="section__intro">{t.wallet.lead}</p>
      <form className="form" noValidate id="invoice-add-form" onSubmit={submit}>
        <MoneyAlert id="invoice-add-alert" problem={problem} invalid={error === null ? [] : [error]} />
        {added !== null && <Done id="invoice-added">{added}</Done>}
        <TextField
          id="invoice-code"
          label={t.wallet.code}
          hint={t.wallet.codeHint}
          value={code}
          onValueChange={setCode}
          autoComplete="off"
          autoCapitalize="characters"
          error={error}
        />
        <button type="submit" className="button button--secondary" id="invoice-add">
          {t.wallet.add}
        </button>
      </form>
      <h2 className="cur-h2">{t.wallet.mine}</h2>
      {paid !== null && <Done id="invoice-paid">{paid}</Done>}
      {invoices.state === 'loading' && <p role="status">{m.loading}</p>}
      {invoices.state === 'failed' && <LoadFailed problem={invoices.problem} onRetry={() => void invoices.reload()} />}
      {invoices.state === 'ready' &&
        (invoices.value.length === 0 ? (
          <p className="empty" id="wallet-invoices-none">
            {t.wallet.none}
          </p>
        ) : (
          <ul className="cur-vouchers" id="wallet-invoices">
            {invoices.value.map((invoice) => (
              <InvoiceCard
                key={`${invoice.id}-${invoice.status}`}
                invoice={invoice}
                balance={wallet.balance}
                onPaid={(text) => {
                  setPaid(text);
                  void invoices.reload();
                  onMoved();
                }}
              />
            ))}
          </ul>
        ))}
    </>
  );
}

export const statusBadge: Record<Invoice['status'], string> = { open: 'badge--unverified', paid: 'badge--allowed', cancelled: 'badge--neutral' };

function InvoiceCard({ invoice, balance, onPaid }: { invoice: Invoice; balance: number; onPaid: (text: string) => void }) {
  const t = useInvoiceText();
  const { m, language } = useCurrencyText();
  const [confirming, setConfirming] = useState(false);
  const { problem, pending, send } = useMoneyCall();
  const words = { issuer: invoice.issuerName, description: invoice.description, amount: yen(invoice.amount) };

  async function pay() {
    if (pending || invoice.payCode === null) return;
    if (!(await send(`/invoices/by-code/${encodeURIComponent(invoice.payCode)}/payments`, parseTransfer, {}))) return;
    onPaid(fill(t.wallet.paid, words));
  }

  return (
    <li className="cur-voucher" data-invoice={invoice.id} data-status={invoice.status}>
      <p className="cur-voucher__name">
        {invoice.description} <span className={`badge ${statusBadge[invoice.status]}`}>{t.status[invoice.status]}</span>
      </p>
      <p className="cur-voucher__balance">{yen(invoice.amount)}</p>
      <p>
        {invoice.issuerName}
        {invoice.dueDate !== null && `・${fill(t.wallet.due, { date: formatDate(invoice.dueDate, language) })}`}
      </p>
      <MoneyAlert id={`invoice-${invoice.id}-alert`} problem={problem} />
      {invoice.status === 'open' &&
        (confirming ? (
          <ConfirmBox confirm={t.wallet.confirmButton} pending={pending} onConfirm={() => void pay()} onCancel={() => setConfirming(false)}>
            <p>{fill(t.wallet.confirm, words)}</p>
            <p>{fill(m.wallet.balanceAfter, { amount: yen(balance - invoice.amount) })}</p>
          </ConfirmBox>
        ) : (
          <p>
            <button type="button" className="button button--primary cur-big" onClick={() => setConfirming(true)}>
              {fill(t.wallet.pay, { amount: yen(invoice.amount) })}
            </button>
          </p>
        ))}
    </li>
  );
}
