import { DomainError, type ProblemSpec } from '@lib/http/problem.ts';

export type IdentityErrorCode =
  | 'email_taken'
  | 'invalid_credentials'
  | 'not_signed_in'
  | 'verification_failed'
  | 'person_already_linked'
  | 'already_verified'
  | 'client_id_taken'
  | 'service_not_found'
  | 'interaction_not_found'
  | 'interaction_wrong_prompt'
  | 'required_category_missing'
  | 'category_not_requested';

/** Errors of the City OS ID, each with one HTTP meaning. */
export class IdentityError extends DomainError {
  constructor(
    readonly code: IdentityErrorCode,
    readonly detail?: string,
  ) {
    super(detail ?? code);
    this.name = 'IdentityError';
  }

  problem(): ProblemSpec {
    const base = { code: this.code, ...(this.detail ? { detail: this.detail } : {}) };
    switch (this.code) {
      case 'email_taken':
        return { ...base, status: 409, title: 'An account with this e-mail address exists' };
      case 'invalid_credentials':
        return { ...base, status: 401, title: 'E-mail address or password is wrong' };
      case 'not_signed_in':
        return { ...base, status: 401, title: 'Sign in first' };
      case 'verification_failed':
        return { ...base, status: 422, title: 'Identity could not be verified' };
      case 'person_already_linked':
        return { ...base, status: 409, title: 'This person is already linked to another account' };
      case 'already_verified':
        return { ...base, status: 409, title: 'This account is already verified' };
      case 'client_id_taken':
        return { ...base, status: 409, title: 'A service with this client id exists' };
      case 'service_not_found':
        return { ...base, status: 404, title: 'No such service' };
      case 'interaction_not_found':
        return { ...base, status: 404, title: 'The sign-in request has expired or does not exist' };
      case 'interaction_wrong_prompt':
        return { ...base, status: 409, title: 'The sign-in request is at another step' };
      case 'required_category_missing':
        return { ...base, status: 422, title: 'A required data category was not agreed to' };
      case 'category_not_requested':
        return { ...base, status: 422, title: 'The service did not ask for this data category' };
    }
  }
}
