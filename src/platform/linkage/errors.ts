import { DomainError, type ProblemSpec } from '@lib/http/problem.ts';

export type LinkageErrorCode =
  | 'unknown_category'
  | 'not_consented'
  | 'not_readable'
  | 'not_writable'
  | 'subject_not_found'
  | 'service_token_required'
  | 'no_data'
  | 'idempotency_key_reused';

export class LinkageError extends DomainError {
  constructor(
    readonly code: LinkageErrorCode,
    readonly detail?: string,
  ) {
    super(detail ?? code);
    this.name = 'LinkageError';
  }

  problem(): ProblemSpec {
    const base = { code: this.code, ...(this.detail ? { detail: this.detail } : {}) };
    switch (this.code) {
      case 'unknown_category':
        return { ...base, status: 404, title: 'No such data category' };
      case 'not_consented':
        return { ...base, status: 403, title: 'The citizen has not opted in to this use' };
      case 'not_readable':
        return { ...base, status: 405, title: 'Services write this category; they do not read it' };
      case 'not_writable':
        return { ...base, status: 405, title: 'Services read this category; they do not write it' };
      case 'subject_not_found':
        return { ...base, status: 404, title: 'No citizen with this subject at your service' };
      case 'service_token_required':
        return { ...base, status: 403, title: "Call with a service's token, not a web session" };
      case 'idempotency_key_reused':
        return { ...base, status: 409, title: 'This idempotency key was used for a different write' };
      case 'no_data':
        return { ...base, status: 404, title: 'The city holds no such data for this citizen' };
    }
  }
}
