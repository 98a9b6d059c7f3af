import { useState } from 'react';
import type { Problem } from '../../api/http';
import { parsePublicServices, publicServicesUrl } from '../../api/identity';
import { useServerJson } from '../../api/useServerJson';
import { usePageTitle } from '../../components/usePageTitle';
import { formatDateTime } from '../../format';
import { currencyCall, newKey } from './api';
import { parseApproval, parseDecline, parseReview, type PaymentReview } from './campaign-types';
import { useCurrencyGet, useServiceSession } from './hooks';
import { fill, useCurrencyText, yen } from './text';
import { parseWallet } from './types';
import { Done, LoadFailed, MoneyAlert, SignInGate } from './ui';
import './currency.css';

/** Only an http(s) address is a place to send the person back to. */
function safeReturn(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url, window.location.origin);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/**
 * `/wallet/pay?request=<id>` (the API's approveUrl): another service asks the person to pay;
 * they see who asks, for what and how much, approve, and are sent back to the service.
 */
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
        <SignInGate session={session} returnTo={`/wallet/pay?request=${encodeURIComponent(id)}`}>
          <RequestBody id={id} />
        </SignInGate>
      </section>
    </div>
  );
}

function RequestBody({ id }: { id: string }) {
  const { m } = useCurrencyText();
  const review = useCurrencyGet(`/payment-requests/${encodeURIComponent(id)}/review`, parseReview);
  const wallet = useCurrencyGet('/wallet', parseWallet);
  if (review.state === 'loading') return <p role="status">{m.loading}</p>;
  if (review.state === 'failed')
    return review.problem.status === 404 || review.problem.status === 400 ? (
      <MoneyAlert id="request-alert" problem={{ ...review.problem, code: 'payment_request_not_found' }} />
    ) : (
      <LoadFailed problem={review.problem} onRetry={() => void review.reload()} />
    );
  return <RequestDecision request={review.value} balance={wallet.state === 'ready' ? wallet.value.balance : null} />;
}

function RequestDecision({ request, balance }: { request: PaymentReview; balance: number | null }) {
  const { m, language } = useCurrencyText();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [answered, setAnswered] = useState<{ outcome: 'paid' | 'declined'; back: string | null } | null>(null);
  const [pending, setPending] = useState(false);
  const [key] = useState(newKey);
  const open = request.status === 'open';
  // The review names the service by its client id; the City OS service directory has its name and company.
  const directory = useServerJson(publicServicesUrl, parsePublicServices);
  const listed = directory.state === 'ready' ? directory.value.find((s) => s.clientId === request.service) : undefined;
  const service = listed === undefined ? request.service : `${listed.name[language]}（${listed.company}）`;

  // Approving moves money, so it carries the idempotency key; declining moves nothing.
  async function answer(outcome: 'paid' | 'declined') {
    if (pending) return;
    setPending(true);
    const path = `/payment-requests/${encodeURIComponent(request.id)}`;
    const result =
      outcome === 'paid'
        ? await currencyCall('POST', `${path}/approval`, parseApproval, { body: {}, key })
        : await currencyCall('POST', `${path}/decline`, parseDecline, { body: {} });
    setPending(false);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    setProblem(null);
    const back = safeReturn(result.value.redirectTo);
    setAnswered({ outcome, back });
    // Back to the service that asked, as the payment API promises it.
    if (back !== null) window.location.assign(back);
  }

  return (
    <>
      <p className="section__intro" id="request-lead">
        {fill(m.approve.lead, { service })}
      </p>
      <MoneyAlert id="request-alert" problem={problem} />
      <div className="panel cur-confirm">
        <dl className="facts">
          <div>
            <dt>{m.approve.to}</dt>
            <dd id="request-payee">{request.payee}</dd>
          </div>
          <div>
            <dt>{m.approve.what}</dt>
            <dd id="request-description">{request.description}</dd>
          </div>
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
          {request.expiresAt !== null && open && (
            <div>
              <dt>{m.vouchers.expires}</dt>
              <dd>{formatDateTime(request.expiresAt, language)}</dd>
            </div>
          )}
        </dl>
        {answered !== null ? (
          <Done id="request-done">
            <p data-outcome={answered.outcome}>{answered.outcome === 'paid' ? m.approve.paid : m.approve.declined}</p>
            {answered.back !== null && (
              <p>
                <a href={answered.back}>{fill(m.approve.back, { service: listed === undefined ? request.service : listed.name[language] })}</a>
              </p>
            )}
          </Done>
        ) : open ? (
          <div className="actions">
            <button
              type="button"
              className="button button--primary cur-big"
              id="request-approve"
              aria-disabled={pending}
              onClick={() => void answer('paid')}
            >
              {fill(m.approve.approveAmount, { amount: yen(request.amount) })}
            </button>
            <button
              type="button"
              className="button button--secondary"
              id="request-decline"
              aria-disabled={pending}
              aria-describedby="request-decline-note"
              onClick={() => void answer('declined')}
            >
              {m.approve.decline}
            </button>
            <p className="form__note" id="request-decline-note">
              {m.approve.declineNote}
            </p>
          </div>
        ) : (
          <p className="empty" id="request-closed">
            {m.approve.notOpen}
          </p>
        )}
      </div>
    </>
  );
}
