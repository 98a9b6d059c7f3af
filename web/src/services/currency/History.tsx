import { formatDateTime } from '../../format';
import type { CurrencyMessages } from './messages';
import { fill, pts, signedYen, useCurrencyText, yen } from './text';
import type { Line } from './types';

const WITH_PAYEE = new Set(['payment', 'refund', 'points_payment', 'invoice_payment', 'request_payment']);

/** The words for one ledger entry: what happened, and with whom when it was a payment. */
export function lineLabel(line: Line, m: CurrencyMessages, side: 'payer' | 'shop' = 'payer'): { what: string; who: string | null } {
  // A shop's account sees a payment come in, and its fee go out under the same transfer.
  if (side === 'shop' && line.kind === 'payment') return { what: line.amount > 0 ? m.kinds.sale : m.kinds.sale_fee, who: null };
  const what = Object.hasOwn(m.kinds, line.kind) ? m.kinds[line.kind as keyof CurrencyMessages['kinds']] : (line.description ?? line.kind);
  const who = WITH_PAYEE.has(line.kind) ? line.description : null;
  return { what, who };
}

/** Entries newest first, each with the balance after it (the ledger's own figure). */
export function History({ id, lines, empty, unit = 'yen' }: { id: string; lines: Line[]; empty: string; unit?: 'yen' | 'points' }) {
  const { m, language } = useCurrencyText();
  if (lines.length === 0)
    return (
      <p className="empty" id={`${id}-empty`}>
        {empty}
      </p>
    );
  const money = unit === 'yen' ? signedYen : (n: number) => `${n > 0 ? '+' : ''}${pts(n)}`;
  const after = unit === 'yen' ? yen : pts;
  return (
    <ol className="cur-history" id={id}>
      {[...lines].reverse().map((line) => {
        const { what, who } = lineLabel(line, m);
        return (
          <li key={line.entryId} className="cur-history__item" data-kind={line.kind} data-amount={line.amount} data-balance-after={line.balanceAfter}>
            <div className="cur-history__what">
              <span className="cur-history__kind">{what}</span>
              {who !== null && <span className="cur-history__who">{who}</span>}
              <time className="cur-history__at" dateTime={line.at}>
                {formatDateTime(line.at, language)}
              </time>
            </div>
            <div className="cur-history__money">
              <span className={`cur-history__amount${line.amount < 0 ? ' cur-history__amount--out' : ' cur-history__amount--in'}`}>
                {money(line.amount)}
              </span>
              <span className="cur-history__after">{fill(m.wallet.balanceAfter, { amount: after(line.balanceAfter) })}</span>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
