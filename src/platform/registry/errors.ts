import { DomainError, type ProblemSpec } from '@lib/http/problem.ts';

export type RegistryErrorCode = 'municipality_not_configured' | 'district_exists';

/** Errors of the resident registry, each with one HTTP meaning. */
export class RegistryError extends DomainError {
  constructor(
    readonly code: RegistryErrorCode,
    readonly detail?: string,
  ) {
    super(detail ?? code);
    this.name = 'RegistryError';
  }

  problem(): ProblemSpec {
    const detail = this.detail ? { detail: this.detail } : {};
    switch (this.code) {
      case 'municipality_not_configured':
        return { status: 404, code: this.code, title: 'No municipality is configured yet', ...detail };
      case 'district_exists':
        return { status: 409, code: this.code, title: 'The district already exists', ...detail };
    }
  }
}
