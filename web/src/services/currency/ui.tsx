import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../../api/http';
import { ProblemAlert, problemMessage } from '../../components/form/ProblemAlert';
import { useLocation } from '../../router';
import type { ServiceSession } from './hooks';
import type { CurrencyMessages } from './messages';
import { useCurrencyText, yen } from './text';

type ProblemCode = keyof CurrencyMessages['problems'];

/** Our words for a problem from the currency API; the platform's words otherwise. */
export function useMoneyProblem(): (problem: Problem) => string {
  const { m } = useCurrencyText();
  const { t } = useTranslation();
  return (problem) => {
    if (problem.code !== 'nothingMoved' && Object.hasOwn(m.problems, problem.code)) return m.problems[problem.code as ProblemCode];
    if (problem.status === 401) return m.problems.unauthorized;
    return problemMessage(problem, t);
  };
}

/** A live region for a refusal (in the currency's words) or for what is wrong with the form; nothing when both are empty. */
export function MoneyAlert({ id, problem, invalid = [] }: { id: string; problem: Problem | null; invalid?: readonly string[] }) {
  return <ProblemAlert id={id} problem={problem} invalid={invalid} message={useMoneyProblem()} />;
}

/** A polite status line that says what just happened (a payment went through…). */
export function Done({ id, children }: { id: string; children: ReactNode }) {
  return (
    <div id={id} role="status" className="cur-done">
      {children}
    </div>
  );
}

/**
 * The second step of a money button that asks first: what will happen (`children`), the button
 * that does it, and a way back. The caller keeps whether it is open, so a success can close it.
 */
export function ConfirmBox(props: {
  children: ReactNode;
  confirm: string;
  pending: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  big?: boolean;
}) {
  const { m } = useCurrencyText();
  return (
    <div className="cur-confirm">
      {props.children}
      <div className="actions">
        <button
          type="button"
          className={props.big === false ? 'button button--primary' : 'button button--primary cur-big'}
          aria-disabled={props.pending}
          onClick={props.onConfirm}
        >
          {props.confirm}
        </button>
        <button type="button" className="button button--secondary" onClick={props.onCancel}>
          {m.cancel}
        </button>
      </div>
    </div>
  );
}

/** Reads "1,200" or "１２００" as a whole number of yen; says what is wrong otherwise. */
export function checkAmount(text: string, m: CurrencyMessages): { amount: number } | { error: string } {
  const normalised = text.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[,，\s¥￥円]/g, '');
  if (normalised === '') return { error: m.amount.empty };
  if (!/^\d+$/.test(normalised) || Number(normalised) < 1) return { error: m.amount.notWhole };
  const amount = Number(normalised);
  if (amount > 10_000_000) return { error: m.amount.tooLarge };
  return { amount };
}

/** The gate in front of every currency page: a clear way to sign in to the service. */
export function SignInGate({ session, returnTo, children }: { session: ServiceSession; returnTo: string; children: ReactNode }) {
  const { m } = useCurrencyText();
  const { search } = useLocation();
  if (session.state === 'loading')
    return (
      <p className="section__notice" role="status">
        {m.loading}
      </p>
    );
  if (session.state === 'signedIn') return <>{children}</>;
  const declined = search.get('signin') === 'access_denied';
  return (
    <div className="panel cur-signin" id="currency-signin">
      <h2 className="panel__title">{m.signIn.heading}</h2>
      {declined && (
        <div role="alert" className="alert alert--error" id="currency-signin-declined">
          <p className="alert__title">{m.signIn.declined}</p>
        </div>
      )}
      {session.state === 'failed' && (
        <div role="alert" className="alert alert--error">
          <p className="alert__title">{m.loadFailed}</p>
        </div>
      )}
      <p>{m.signIn.lead}</p>
      <p>
        <a
          className="button button--primary cur-big"
          id="currency-signin-link"
          href={`/api/currency/auth/login?returnTo=${encodeURIComponent(returnTo)}`}
        >
          {m.signIn.button}
        </a>
      </p>
    </div>
  );
}

/** A page-level "could not load" with a retry. */
export function LoadFailed({ problem, onRetry }: { problem: Problem; onRetry: () => void }) {
  const { m } = useCurrencyText();
  const message = useMoneyProblem();
  return (
    <div role="alert" className="alert alert--error">
      <p className="alert__title">{m.loadFailed}</p>
      <p>{message(problem)}</p>
      <p>
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {m.retry}
        </button>
      </p>
    </div>
  );
}

export function Yen({ amount, id }: { amount: number; id?: string }) {
  return (
    <span id={id} className="cur-yen" data-amount={amount}>
      {yen(amount)}
    </span>
  );
}
