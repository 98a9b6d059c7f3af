import { useState, type FormEvent } from 'react';
import type { Problem } from '../../api/http';
import { TextField } from '../../components/form/Field';
import { AmountField } from './AmountField';
import { currencyCall, noBody } from './api';
import { useMoneyCall } from './hooks';
import { fill, useCurrencyText, yen } from './text';
import { parseTransfer, type Wallet } from './types';
import { checkAmount, Done, MoneyAlert } from './ui';

const QUICK = [1_000, 3_000, 5_000, 10_000];

/** Charge from the (clearly labelled) demo bank; register the bank account first if needed. */
export function ChargeScreen({ wallet, onMoved }: { wallet: Wallet; onMoved: () => void }) {
  const { m } = useCurrencyText();
  const [editingBank, setEditingBank] = useState(wallet.bank === null);
  return (
    <>
      <p className="section__intro">{m.charge.lead}</p>
      <p className="cur-demo" id="charge-demo-notice">
        <span className="badge badge--demo">DEMO</span> {m.demoBankNotice}
      </p>
      <div className="panel">
        <h2 className="panel__title">{m.charge.bankHeading}</h2>
        {wallet.bank !== null && !editingBank ? (
          <>
            <p id="charge-bank" className="cur-bank">
              {wallet.bank.demo && <span className="badge badge--demo">DEMO</span>} {wallet.bank.bankName} {wallet.bank.accountMasked}
            </p>
            <p className="form__note">{wallet.bank.label}</p>
            <button type="button" className="button button--secondary" onClick={() => setEditingBank(true)}>
              {m.charge.changeBank}
            </button>
          </>
        ) : (
          <BankForm
            onDone={() => {
              setEditingBank(false);
              onMoved();
            }}
          />
        )}
      </div>
      {wallet.bank !== null && !editingBank && <ChargeForm wallet={wallet} onMoved={onMoved} />}
    </>
  );
}

function BankForm({ onDone }: { onDone: () => void }) {
  const { m } = useCurrencyText();
  const [bankName, setBankName] = useState(m.demoBank);
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{7}$/.test(number)) {
      setError(m.charge.accountNumberInvalid);
      return;
    }
    setError(null);
    setPending(true);
    const result = await currencyCall('PUT', '/wallet/bank-account', noBody, { body: { bankName, accountNumber: number } });
    setPending(false);
    if (result.ok) onDone();
    else setProblem(result.problem);
  }
  return (
    <form className="form" noValidate onSubmit={(event) => void submit(event)} id="bank-form">
      <MoneyAlert id="bank-alert" problem={problem} invalid={error === null ? [] : [error]} />
      <TextField id="bank-name" label={m.charge.bankName} value={bankName} onValueChange={setBankName} maxLength={60} />
      <TextField
        id="bank-account-number"
        label={m.charge.accountNumber}
        hint={m.charge.accountNumberHint}
        value={number}
        onValueChange={setNumber}
        inputMode="numeric"
        autoComplete="off"
        maxLength={7}
        error={error}
      />
      <button type="submit" className="button button--primary cur-big" aria-disabled={pending}>
        {m.charge.registerBank}
      </button>
    </form>
  );
}

function ChargeForm({ wallet, onMoved }: { wallet: Wallet; onMoved: () => void }) {
  const { m } = useCurrencyText();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ amount: number; balance: number } | null>(null);
  const { problem, setProblem, pending, send } = useMoneyCall();
  const checked = checkAmount(text, m);

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
    const charged = await send('/wallet/charges', parseTransfer, { amount: checked.amount });
    if (!charged) return;
    setText('');
    setDone({ amount: charged.amount, balance: wallet.balance + charged.amount });
    onMoved();
  }

  return (
    <div className="panel">
      <h2 className="panel__title">{m.charge.amountHeading}</h2>
      <form className="form" noValidate onSubmit={(event) => void submit(event)} id="charge-form">
        <MoneyAlert id="charge-alert" problem={problem} invalid={error === null ? [] : [error]} />
        {done !== null && <Done id="charge-done">{fill(m.charge.done, { amount: yen(done.amount), balance: yen(done.balance) })}</Done>}
        <fieldset className="cur-quick">
          <legend>{m.charge.quick}</legend>
          {QUICK.map((amount) => (
            <button key={amount} type="button" className="button button--secondary" onClick={() => setText(String(amount))}>
              {yen(amount)}
            </button>
          ))}
        </fieldset>
        <AmountField id="charge-amount" hint={m.amount.hint} value={text} onValueChange={setText} error={error} className="cur-amount-input" />
        <button type="submit" className="button button--primary cur-big" aria-disabled={pending} id="charge-submit">
          {pending ? m.charge.sending : 'amount' in checked ? fill(m.charge.submit, { amount: yen(checked.amount) }) : m.charge.submitNoAmount}
        </button>
      </form>
    </div>
  );
}
