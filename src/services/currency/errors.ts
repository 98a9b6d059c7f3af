import { DomainError, type ProblemSpec } from '@lib/http/problem.ts';

export type CurrencyErrorCode =
  | 'insufficient_funds'
  | 'account_not_found'
  | 'currency_mismatch'
  | 'same_account'
  | 'invalid_amount'
  | 'idempotency_key_reused'
  | 'idempotency_in_progress'
  | 'hold_not_found'
  | 'hold_not_pending'
  | 'hold_expired'
  | 'capture_exceeds_hold'
  | 'refund_exceeds_payment'
  | 'not_refundable'
  | 'not_your_account'
  | 'shop_not_found'
  | 'code_not_found'
  | 'code_expired'
  | 'code_used'
  | 'not_a_member'
  | 'campaign_not_found'
  | 'campaign_closed'
  | 'voucher_limit_reached'
  | 'voucher_expired'
  | 'invalid_campaign'
  | 'invoice_not_found'
  | 'invoice_not_open'
  | 'payment_request_not_found'
  | 'payment_request_not_open'
  | 'field_not_found'
  | 'bank_refused'
  | 'webhook_url_not_allowed';

/** Every refusal of the currency service, mapped to HTTP in one place. */
export class CurrencyError extends DomainError {
  constructor(
    readonly code: CurrencyErrorCode,
    readonly detail?: string,
  ) {
    super(detail ?? code);
    this.name = 'CurrencyError';
  }

  problem(): ProblemSpec {
    return { ...currencyProblem(this.code), code: this.code, ...(this.detail ? { detail: this.detail } : {}) };
  }
}

/** Status and title of a code; also used to replay a stored failure under its idempotency key. */
export function currencyProblem(code: CurrencyErrorCode): { status: number; title: string } {
  switch (code) {
    case 'insufficient_funds':
      return { status: 422, title: 'The balance is not enough for this payment' };
    case 'account_not_found':
      return { status: 404, title: 'No such account' };
    case 'currency_mismatch':
      return { status: 422, title: 'The accounts hold different currencies' };
    case 'same_account':
      return { status: 422, title: 'An account cannot pay itself' };
    case 'invalid_amount':
      return { status: 400, title: 'The amount must be a whole number of yen from 1 to 10,000,000' };
    case 'idempotency_key_reused':
      return { status: 409, title: 'This idempotency key was used for a different request' };
    case 'idempotency_in_progress':
      return { status: 409, title: 'A request with this idempotency key is still being processed' };
    case 'hold_not_found':
      return { status: 404, title: 'No such hold' };
    case 'hold_not_pending':
      return { status: 409, title: 'The hold was already captured, voided or expired' };
    case 'hold_expired':
      return { status: 409, title: 'The hold has expired' };
    case 'capture_exceeds_hold':
      return { status: 422, title: 'The capture is larger than the hold' };
    case 'refund_exceeds_payment':
      return { status: 422, title: 'The refunds would exceed the payment' };
    case 'not_refundable':
      return { status: 422, title: 'Only a shop payment can be refunded' };
    case 'not_your_account':
      return { status: 403, title: 'This account is not yours' };
    case 'shop_not_found':
      return { status: 404, title: 'No such shop' };
    case 'code_not_found':
      return { status: 404, title: 'No such payment code' };
    case 'code_expired':
      return { status: 410, title: 'The payment code has expired' };
    case 'code_used':
      return { status: 409, title: 'The payment code was already used' };
    case 'not_a_member':
      return { status: 403, title: 'You do not have this role' };
    case 'campaign_not_found':
      return { status: 404, title: 'No such campaign' };
    case 'campaign_closed':
      return { status: 409, title: 'The campaign is not selling vouchers now' };
    case 'voucher_limit_reached':
      return { status: 409, title: 'The per-person voucher limit is reached' };
    case 'voucher_expired':
      return { status: 410, title: 'The voucher has expired' };
    case 'invalid_campaign':
      return { status: 422, title: 'The campaign terms are not valid' };
    case 'invoice_not_found':
      return { status: 404, title: 'No such invoice' };
    case 'invoice_not_open':
      return { status: 409, title: 'The invoice is already paid or cancelled' };
    case 'payment_request_not_found':
      return { status: 404, title: 'No such payment request' };
    case 'payment_request_not_open':
      return { status: 409, title: 'The payment request is no longer open' };
    case 'field_not_found':
      return { status: 404, title: 'No such field of use' };
    case 'bank_refused':
      return { status: 502, title: 'The bank refused the transfer' };
    case 'webhook_url_not_allowed':
      return { status: 400, title: 'Webhooks go to https URLs (plain http only to localhost)' };
  }
}
