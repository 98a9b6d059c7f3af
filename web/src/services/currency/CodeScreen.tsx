import { useCallback, useEffect, useRef, useState } from 'react';
import type { Problem } from '../../api/http';
import { currencyCall } from './api';
import { useSecondsLeft } from './hooks';
import { QrImage } from './QrImage';
import { fill, useCurrencyText, yen } from './text';
import { parseCode, parseWallet, type OneTimeCode, type Wallet } from './types';
import { Done, MoneyAlert } from './ui';

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;

/** "4839 2017 5562": easier to read out at a counter. */
const grouped = (code: string) => code.replace(/(\d{4})(?=\d)/g, '$1 ');

/**
 * My one-time payment code as a QR with its countdown. While it is shown the wallet is
 * checked every few seconds, so the person sees the shop's charge land.
 */
export function CodeScreen({ wallet, onMoved }: { wallet: Wallet; onMoved: () => void }) {
  const { m } = useCurrencyText();
  const [code, setCode] = useState<OneTimeCode | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [paid, setPaid] = useState<{ amount: number; balance: number } | null>(null);
  // The balance before the shop charges: what a new code is compared against.
  const balanceNow = useRef(wallet.balance);
  balanceNow.current = wallet.balance;
  const baseline = useRef(wallet.balance);
  const left = useSecondsLeft(code?.expiresAt ?? null);

  const create = useCallback(async () => {
    setPaid(null);
    setCode(null);
    baseline.current = balanceNow.current;
    const result = await currencyCall('POST', '/wallet/codes', parseCode, { body: {} });
    if (result.ok) {
      setProblem(null);
      setCode(result.value);
    } else setProblem(result.problem);
  }, []);

  useEffect(() => {
    void create();
  }, [create]);

  const live = code !== null && left > 0 && paid === null;
  useEffect(() => {
    if (!live) return;
    const timer = window.setInterval(() => {
      void currencyCall('GET', '/wallet', parseWallet).then((result) => {
        if (!result.ok || result.value.balance === baseline.current) return;
        // Less: a shop took a payment; more: city staff charged it at the counter.
        setPaid({ amount: result.value.balance - baseline.current, balance: result.value.balance });
        onMoved();
      });
    }, 2_000);
    return () => window.clearInterval(timer);
  }, [live, onMoved]);

  return (
    <div className="cur-code">
      <p className="section__intro">{m.code.lead}</p>
      <MoneyAlert id="code-alert" problem={problem} />
      {paid !== null && (
        <Done id="code-paid">
          <p className="cur-code__paid">
            ✓ {fill(paid.amount < 0 ? m.code.paid : m.code.charged, { amount: yen(Math.abs(paid.amount)), balance: yen(paid.balance) })}
          </p>
        </Done>
      )}
      {code === null && problem === null && <p role="status">{m.code.creating}</p>}
      {code !== null && (
        <div className={`cur-code__card${live ? '' : ' cur-code__card--spent'}`} data-code={code.code} id="code-card">
          <QrImage value={code.code} alt={fill(m.code.qrAlt, { code: code.code })} id="code-qr" size={232} />
          <p className="cur-code__label">{m.code.digits}</p>
          <p className="cur-code__digits" id="code-digits">
            {grouped(code.code)}
          </p>
          <p className="cur-code__timer" id="code-timer" aria-live="off" data-seconds={left}>
            {paid !== null ? m.code.used : left > 0 ? fill(m.code.expiresIn, { time: clock(left) }) : m.code.expired}
          </p>
        </div>
      )}
      {(left === 0 || paid !== null) && code !== null && (
        <p>
          <button type="button" className="button button--primary cur-big" id="code-renew" onClick={() => void create()}>
            {m.code.renew}
          </button>
        </p>
      )}
    </div>
  );
}
