import { DomainError, type ProblemField, type ProblemSpec } from '@lib/http/problem.ts';
import type { ImportRowError } from './csv-format.ts';

export type RegistryErrorCode =
  'municipality_not_configured' | 'district_exists' | 'unknown_district' | 'person_not_found' | 'invalid_effective_date' | 'import_rows_invalid';

/** A row error as a problem field: `field` points at the cell as `/<row>/<column>`. */
function rowField(error: ImportRowError): ProblemField {
  return {
    in: 'body',
    field: `/${error.row}${error.column ? `/${error.column}` : ''}`,
    message: `${error.message} / ${error.messageJa}`,
  };
}

/** Errors of the resident registry, each with one HTTP meaning. */
export class RegistryError extends DomainError {
  constructor(
    readonly code: RegistryErrorCode,
    readonly detail?: string,
    readonly rowErrors: readonly ImportRowError[] = [],
  ) {
    super(detail ?? code);
    this.name = 'RegistryError';
  }

  /** The import refused because of these rows; nothing was written. */
  static importRejected(errors: readonly ImportRowError[]): RegistryError {
    const rows = new Set(errors.map((e) => e.row)).size;
    return new RegistryError(
      'import_rows_invalid',
      `${errors.length} problem(s) in ${rows} row(s); nothing was imported. Each error names the row (the header is row 1) and the column.`,
      errors,
    );
  }

  problem(): ProblemSpec {
    const detail = this.detail ? { detail: this.detail } : {};
    switch (this.code) {
      case 'municipality_not_configured':
        return { status: 404, code: this.code, title: 'No municipality is configured yet', ...detail };
      case 'district_exists':
        return { status: 409, code: this.code, title: 'The district already exists', ...detail };
      case 'unknown_district':
        return { status: 400, code: this.code, title: 'No such town (町名) in this municipality', ...detail };
      case 'person_not_found':
        return { status: 404, code: this.code, title: 'No such person in the registry', ...detail };
      case 'invalid_effective_date':
        return { status: 400, code: this.code, title: 'The effective date is not valid', ...detail };
      case 'import_rows_invalid':
        return { status: 422, code: this.code, title: 'Rows of the file are not valid', ...detail, errors: this.rowErrors.map(rowField) };
    }
  }
}
