import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Problem } from '../../api/http';
import { TextField } from '../../components/form/Field';
import { useLocation } from '../../router';
import { AmountField } from './AmountField';
import { currencyCall, newKey } from './api';
import { QrScanner } from './QrScanner';
import { fill, pts, useCurrencyText, yen } from './text';
import { parseShopInfo, parseTransfer, type ShopInfo, type Transfer, type Wallet } from './types';
import { checkAmount, Done, MoneyAlert } from './ui';

type Stage = 'code' | 'amount' | 'confirm' | 'done';
type Method = 'coins' | 'points';

/** What a shop's QR carries: the bare code, or a link to this page with `?shop=CODE`. */
export function shopCodeFrom(scanned: string): string {
  const text = scanned.trim();
  try {
    const url = new URL(text);
    const code = url.searchParams.get('shop');
    if (code !== null) return code;
  } catch {
    // Not a URL: the bare code.
  }
  return text.toUpperCase();
}

/** Pay at a shop by its static code: scan or type it, enter the amount, confirm. */
export function PayScreen({ wallet, onMoved }: { wallet: Wallet; onMoved: () => void }) {
  const { m } = useCurrencyText();
  const { search } = useLocation();
  const [stage, setStage] = useState<Stage>('code');
  const [codeText, setCodeText] = useState(search.get('shop') ?? '');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [shop, setShop] = useState<(ShopInfo & { code: string }) | null>(null);
  const [amountText, setAmountText] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [method, setMethod] = useState<Method>('coins');
  const [useVouchers, setUseVouchers] = useState(wallet.vouchers.length > 0);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [pending, setPending] = useState(false);
  const [paid, setPaid] = useState<Transfer | null>(null);
  const [key, setKey] = useState(newKey);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), [stage]);

  async function findShop(raw: string) {
    const code = shopCodeFrom(raw);
    setCodeText(code);
    if (code === '') {
      setCodeError(m.pay.shopCodeEmpty);
      return;
    }
    setCodeError(null);
    setPending(true);
    const result = await currencyCall('GET', `/shops/by-code/${encodeURIComponent(code)}`, parseShopInfo);
    setPending(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setShop({ ...result.value, code });
    setMethod('coins');
    setStage('amount');
  }

  // A link from a printed shop QR (…/wallet/pay?shop=TSG-…) goes straight to the amount.
  const initial = useRef(search.get('shop'));
  useEffect(() => {
    if (initial.current !== null && initial.current !== '') void findShop(initial.current);
    // Only once, for the code the page was opened with.
  }, []);

  const checked = checkAmount(amountText, m);

  function review(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if ('error' in checked) {
      setAmountError(checked.error);
      return;
    }
    const available = method === 'points' ? wallet.points : wallet.balance + (useVouchers ? wallet.vouchers.reduce((s, v) => s + v.balance, 0) : 0);
    if (checked.amount > available) {
      setAmountError(m.problems.insufficient_funds);
      return;
    }
    setAmountError(null);
    setKey(newKey());
    setStage('confirm');
  }

  async function pay() {
    if (pending || shop === null || 'error' in checked) return;
    setPending(true);
    const result =
      method === 'points'
        ? await currencyCall('POST', '/points/payments', parseTransfer, { body: { shopCode: shop.code, points: checked.amount }, key })
        : await currencyCall('POST', '/payments', parseTransfer, { body: { shopCode: shop.code, amount: checked.amount, useVouchers }, key });
    setPending(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setPaid(result.value);
    setStage('done');
    onMoved();
  }

  function restart() {
    setStage('code');
    setShop(null);
    setAmountText('');
    setPaid(null);
    setProblem(null);
  }

  const show = (n: number) => (method === 'points' ? pts(n) : yen(n));

  return (
    <div className="cur-pay" data-stage={stage}>
      <p className="section__intro">{m.pay.lead}</p>
      <ol className="cur-steps" aria-label={m.pay.title}>
        {(['code', 'amount', 'confirm'] as const).map((step, index) => (
          <li key={step} aria-current={stage === step ? 'step' : undefined}>
            {[m.pay.step1, m.pay.step2, m.pay.step3][index]}
          </li>
        ))}
      </ol>
      <MoneyAlert id="pay-alert" problem={problem} />

      {stage === 'code' && (
        <div className="panel">
          <h2 className="panel__title" ref={heading} tabIndex={-1}>
            {m.pay.step1Title}
          </h2>
          <QrScanner id="pay-scanner" onCode={(text) => void findShop(text)} />
          <form
            className="form"
            noValidate
            id="pay-code-form"
            onSubmit={(event) => {
              event.preventDefault();
              void findShop(codeText);
            }}
          >
            <TextField
              id="pay-shop-code"
              label={m.pay.shopCode}
              hint={m.pay.shopCodeHint}
              value={codeText}
              onValueChange={setCodeText}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              error={codeError}
            />
            <button type="submit" className="button button--primary cur-big" aria-disabled={pending} id="pay-find-shop">
              {m.pay.findShop}
            </button>
          </form>
        </div>
      )}

      {shop !== null && (stage === 'amount' || stage === 'done') && (
        <div className="cur-payee" id="pay-shop">
          <span className="cur-payee__label">{m.pay.shopFound}</span>
          <span className="cur-payee__name" id="pay-shop-name">
            {shop.name}
          </span>
        </div>
      )}

      {stage === 'amount' && shop !== null && (
        <div className="panel">
          <h2 className="panel__title" ref={heading} tabIndex={-1}>
            {m.pay.step2Title}
          </h2>
          <form className="form" noValidate id="pay-amount-form" onSubmit={review}>
            <MoneyAlert id="pay-amount-alert" problem={null} invalid={amountError === null ? [] : [amountError]} />
            {shop.acceptsPoints && wallet.points > 0 && (
              <fieldset className="field choice-group">
                <legend className="field__label">{m.pay.method}</legend>
                <div className="choice">
                  <input type="radio" id="pay-method-coins" name="pay-method" checked={method === 'coins'} onChange={() => setMethod('coins')} />
                  <label htmlFor="pay-method-coins">{fill(m.pay.methodCoins, { amount: yen(wallet.balance) })}</label>
                </div>
                <div className="choice">
                  <input type="radio" id="pay-method-points" name="pay-method" checked={method === 'points'} onChange={() => setMethod('points')} />
                  <label htmlFor="pay-method-points">{fill(m.pay.methodPoints, { amount: pts(wallet.points) })}</label>
                </div>
              </fieldset>
            )}
            <AmountField
              id="pay-amount"
              label={method === 'points' ? m.amount.pointsLabel : m.amount.label}
              hint={m.amount.hint}
              value={amountText}
              onValueChange={setAmountText}
              error={amountError}
              className="cur-amount-input"
            />
            {method === 'coins' && wallet.vouchers.length > 0 && (
              <div className="checkbox">
                <input id="pay-use-vouchers" type="checkbox" checked={useVouchers} onChange={(event) => setUseVouchers(event.target.checked)} />
                <label htmlFor="pay-use-vouchers">{m.pay.useVouchers}</label>
              </div>
            )}
            <div className="actions">
              <button type="submit" className="button button--primary cur-big" id="pay-review">
                {m.pay.next}
              </button>
              <button type="button" className="button button--secondary" onClick={restart}>
                {m.back}
              </button>
            </div>
          </form>
        </div>
      )}

      {stage === 'confirm' && shop !== null && 'amount' in checked && (
        <div className="panel cur-confirm">
          <h2 className="panel__title" ref={heading} tabIndex={-1}>
            {m.pay.step3Title}
          </h2>
          <p>{m.pay.confirmLead}</p>
          <dl className="facts">
            <div>
              <dt>{m.pay.confirmTo}</dt>
              <dd>{shop.name}</dd>
            </div>
            <div>
              <dt>{m.pay.confirmAmount}</dt>
              <dd className="cur-confirm__amount" id="pay-confirm-amount">
                {show(checked.amount)}
              </dd>
            </div>
          </dl>
          <div className="actions">
            <button type="button" className="button button--primary cur-big" id="pay-submit" aria-disabled={pending} onClick={() => void pay()}>
              {pending ? m.pay.sending : m.pay.submit}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setStage('amount')}>
              {m.back}
            </button>
          </div>
        </div>
      )}

      {stage === 'done' && paid !== null && shop !== null && (
        <div className="panel">
          <h2 className="panel__title" ref={heading} tabIndex={-1}>
            ✓ {m.pay.doneTitle}
          </h2>
          <Done id="pay-done">
            <p>{fill(m.pay.done, { shop: shop.name, amount: show(paid.amount) })}</p>
            <p id="pay-done-balance" data-amount={wallet.balance}>
              {fill(m.pay.doneBalance, { balance: yen(wallet.balance) })}
            </p>
          </Done>
          <div className="actions">
            <button type="button" className="button button--secondary" onClick={restart}>
              {m.pay.again}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
