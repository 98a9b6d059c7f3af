import { DomainError, type ProblemSpec } from '@lib/http/problem.ts';

export type ConsentErrorCode = 'consent_not_found' | 'category_not_requested' | 'required_category_missing' | 'nothing_to_withdraw';

export class ConsentError extends DomainError {
  constructor(
    readonly code: ConsentErrorCode,
    readonly detail?: string,
  ) {
    super(detail ?? code);
    this.name = 'ConsentError';
  }

  problem(): ProblemSpec {
    const base = { code: this.code, ...(this.detail ? { detail: this.detail } : {}) };
    switch (this.code) {
      case 'consent_not_found':
        return { ...base, status: 404, title: 'No such consent' };
      case 'category_not_requested':
        return { ...base, status: 422, title: 'The service did not ask for this data category' };
      case 'required_category_missing':
        return { ...base, status: 422, title: 'A required data category was not agreed to' };
      case 'nothing_to_withdraw':
        return { ...base, status: 409, title: 'There is no active consent to withdraw' };
    }
  }
}
