import { useState } from 'react';
import type { Problem } from '../../api/http';
import { usePageTitle } from '../../components/usePageTitle';
import { currencyCall, newKey } from './api';
import { parsePaymentRequest, type PaymentRequest } from './campaign-types';
import { useCurrencyGet, useServiceSession } from './hooks';
import { fill, useCurrencyText, yen } from './text';
import { parseWallet } from './types';
import { Done, LoadFailed, MoneyAlert, SignInGate } from './ui';
import './currency.css';

/** Only the service's own address (http/https) is a place to send the person back to. */
function safeReturn(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/** `/wallet/requests/:id`: another service asks the person to pay; they approve or decline and go back. */
export function RequestPage({ id }: { id: string }) {
  const { m } = useCurrencyText();
  usePageTitle(`${m.approve.title}｜${m.name}`);
  const { session } = useServiceSession();
  return (
    <div className="page cur-phone">
      <section className="section" aria-labelledby="request-title">
        <p className="cur-eyebrow">{m.name}</p>
        <h1 id="request-title" className="page-title" tabIndex={-1}>
          {m.approve.title}
        </h1>
        <SignInGate session={session} returnTo={`/wallet/requests/${encodeURIComponent(id)}`}>
          <RequestBody id={id} />
        </SignInGate>
      </section>
    </div>
  );
}

function RequestBody({ id }: { id: string }) {
  const { m } = useCurrencyText();
  const request = useCurrencyGet(`/payment-requests/${encodeURIComponent(id)}`, parsePaymentRequest);
  const wallet = useCurrencyGet('/wallet', parseWallet);
  if (request.state === 'loading') return <p role="status">{m.loading}</p>;
  if (request.state === 'failed')
    return request.problem.status === 404 ? (
      <MoneyAlert id="request-alert" problem={{ ...request.problem, code: 'payment_request_not_found' }} />
    ) : (
      <LoadFailed problem={request.problem} onRetry={() => void request.reload()} />
    );
  return <RequestDecision request={request.value} balance={wallet.state === 'ready' ? wallet.value.balance : null} />;
}

function RequestDecision({ request, balance }: { request: PaymentRequest; balance: number | null }) {
  const { m } = useCurrencyText();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [outcome, setOutcome] = useState<'paid' | 'declined' | 'closed' | null>(request.status === 'open' ? null : 'closed');
  const [pending, setPending] = useState(false);
  const [key] = useState(newKey);
  const back = safeReturn(request.returnUrl);

  async function decide(action: 'approve' | 'decline') {
    if (pending) return;
    setPending(true);
    const result = await currencyCall('POST', `/payment-requests/${encodeURIComponent(request.id)}/${action}`, () => true, {
      body: {},
      ...(action === 'approve' ? { key } : {}),
    });
    setPending(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    setOutcome(action === 'approve' ? 'paid' : 'declined');
  }

  return (
    <>
      <p className="section__intro">{fill(m.approve.lead, { service: request.requester })}</p>
      <MoneyAlert id="request-alert" problem={problem} />
      <div className="panel cur-confirm">
        <dl className="facts">
          <div>
            <dt>{m.approve.to}</dt>
            <dd id="request-payee">{request.payee}</dd>
          </div>
          {request.description !== null && (
            <div>
              <dt>{m.approve.what}</dt>
              <dd>{request.description}</dd>
            </div>
          )}
          <div>
            <dt>{m.approve.amount}</dt>
            <dd className="cur-confirm__amount" id="request-amount">
              {yen(request.amount)}
            </dd>
          </div>
          {balance !== null && (
            <div>
              <dt>{m.wallet.balance}</dt>
              <dd>{yen(balance)}</dd>
            </div>
          )}
        </dl>
        {outcome === null ? (
          <div className="actions">
            <button
              type="button"
              className="button button--primary cur-big"
              id="request-approve"
              aria-disabled={pending}
              onClick={() => void decide('approve')}
            >
              {m.approve.approve}
            </button>
            <button
              type="button"
              className="button button--secondary"
              id="request-decline"
              aria-disabled={pending}
              onClick={() => void decide('decline')}
            >
              {m.approve.decline}
            </button>
          </div>
        ) : (
          <Done id="request-done">
            <p>{{ paid: m.approve.paid, declined: m.approve.declined, closed: m.approve.notOpen }[outcome]}</p>
          </Done>
        )}
      </div>
      {back !== null && (
        <p>
          <a className="button button--secondary cur-big" href={back} id="request-back">
            {fill(m.approve.back, { service: request.requester })}
          </a>
        </p>
      )}
    </>
  );
}
