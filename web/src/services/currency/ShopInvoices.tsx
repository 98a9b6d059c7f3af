import { useState, type FormEvent } from 'react';
import type { Problem } from '../../api/http';
import { TextField } from '../../components/form/Field';
import { AmountField } from './AmountField';
import { currencyCall } from './api';
import { useCurrencyGet } from './hooks';
import { InvoiceRow } from './ShopInvoiceRow';
import { parseDirectory, parseInvoice, parseInvoices, type Invoice } from './invoice-types';
import { useInvoiceText } from './messages-invoices';
import { QrImage } from './QrImage';
import { fill, useCurrencyText, yen } from './text';
import type { Business } from './types';
import { checkAmount, Done, MoneyAlert } from './ui';
import { LoadedTable } from './LoadedTable';

/**
 * Invoices in the business portal: a school bills households (a pay code and QR for the parents),
 * any other business bills another one (B2B); both see what they issued and received, with its status.
 */
export function InvoicesSection({ business, owner, onMoved }: { business: Business; owner: boolean; onMoved: () => void }) {
  const t = useInvoiceText();
  const { m } = useCurrencyText();
  const invoices = useCurrencyGet(`/businesses/${business.id}/invoices`, parseInvoices);
  const changed = () => {
    void invoices.reload();
    onMoved();
  };
  return (
    <section className="panel" id="shop-invoices" aria-labelledby="shop-invoices-title">
      <h2 className="panel__title" id="shop-invoices-title">
        {t.shop.heading}
      </h2>
      <p>{business.kind === 'school' ? t.shop.leadSchool : t.shop.leadBusiness}</p>
      <IssueForm business={business} onIssued={changed} />
      <h3>{t.shop.list}</h3>
      <LoadedTable
        loaded={invoices}
        empty={t.shop.none}
        id="shop-invoices-table"
        columns={[
          { label: t.shop.direction },
          { label: t.shop.description },
          { label: m.shop.amount, className: 'cur-num' },
          { label: m.admin.campaignStatus },
        ]}
        rows={(list) =>
          list.map((invoice) => (
            <InvoiceRow key={`${invoice.id}-${invoice.status}`} invoice={invoice} business={business} owner={owner} onChanged={changed} />
          ))
        }
      />
    </section>
  );
}

function IssueForm({ business, onIssued }: { business: Business; onIssued: () => void }) {
  const t = useInvoiceText();
  const { m } = useCurrencyText();
  const school = business.kind === 'school';
  const directory = useCurrencyGet(school ? null : '/businesses', parseDirectory);
  const [payer, setPayer] = useState('');
  const [description, setDescription] = useState('');
  const [amount, setAmount] = useState('');
  const [invalid, setInvalid] = useState<string[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [issued, setIssued] = useState<Invoice | null>(null);
  const [pending, setPending] = useState(false);
  const checked = checkAmount(amount, m);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pending) return;
    setIssued(null);
    const errors = [
      ...(!school && payer === '' ? [t.shop.payerEmpty] : []),
      ...(description.trim() === '' ? [t.shop.descriptionEmpty] : []),
      ...('error' in checked ? [checked.error] : []),
    ];
    setInvalid(errors);
    if (errors.length > 0 || 'error' in checked) return;
    setPending(true);
    const body = { amount: checked.amount, description: description.trim(), ...(school ? {} : { payerBusinessId: payer }) };
    const result = await currencyCall('POST', `/businesses/${business.id}/invoices`, parseInvoice, { body });
    setPending(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setIssued(result.value);
    setDescription('');
    setAmount('');
    onIssued();
  }

  const payers = directory.state === 'ready' ? directory.value.filter((b) => b.id !== business.id && b.kind !== 'school') : [];
  return (
    <form className="form" noValidate id="shop-invoice-form" onSubmit={(event) => void submit(event)}>
      <MoneyAlert id="shop-invoice-alert" problem={problem} invalid={invalid} />
      {issued !== null && <Issued invoice={issued} />}
      {!school && (
        <div className="field">
          <label className="field__label" htmlFor="shop-invoice-payer">
            {t.shop.payer}
          </label>
          <select id="shop-invoice-payer" className="field__input cur-select" value={payer} onChange={(event) => setPayer(event.target.value)}>
            <option value="">{t.shop.payerChoose}</option>
            {payers.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <TextField
        id="shop-invoice-description"
        label={t.shop.description}
        hint={t.shop.descriptionHint}
        value={description}
        onValueChange={setDescription}
        maxLength={200}
      />
      <AmountField id="shop-invoice-amount" value={amount} onValueChange={setAmount} />
      <button type="submit" className="button button--primary" id="shop-invoice-submit" aria-disabled={pending}>
        {'amount' in checked ? fill(t.shop.issue, { amount: yen(checked.amount) }) : t.shop.issueNoAmount}
      </button>
    </form>
  );
}

/** What the school hands the parents: the pay code, and a QR that opens the wallet with it. */
function Issued({ invoice }: { invoice: Invoice }) {
  const t = useInvoiceText();
  return (
    <Done id="shop-invoice-done">
      <p>{fill(t.shop.issued, { amount: yen(invoice.amount) })}</p>
      {invoice.payCode !== null && (
        <div className="cur-shop-qr">
          <QrImage
            value={`${window.location.origin}/wallet/invoices?code=${encodeURIComponent(invoice.payCode)}`}
            alt={fill(t.shop.codeQrAlt, { description: invoice.description, code: invoice.payCode })}
            id="shop-invoice-qr"
            size={140}
          />
          <p className="cur-shop-qr__code" id="shop-invoice-code" data-code={invoice.payCode}>
            {fill(t.shop.issuedCode, { code: invoice.payCode })}
          </p>
        </div>
      )}
    </Done>
  );
}
