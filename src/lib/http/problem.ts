/** RFC 9457 problem details, as every non-FHIR error leaves Tsunagu. */
export type ProblemField = {
  /** Where the bad value was: body, query, params or headers. */
  in: string;
  /** JSON Pointer to the value inside that part, or the unknown field's name. */
  field: string;
  message: string;
};

export type ProblemDetails = {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Stable, machine-readable code; documented in docs/problems.md. */
  code: string;
  errors?: ProblemField[];
};

/** What a module says about one of its errors; the HTTP layer adds type and instance. */
export type ProblemSpec = {
  status: number;
  code: string;
  title: string;
  detail?: string;
  errors?: ProblemField[];
};

/**
 * Base of every module's typed errors. A module's subclass maps its string-literal codes to
 * a ProblemSpec in one exhaustive switch, so the HTTP boundary never guesses a status.
 */
export abstract class DomainError extends Error {
  abstract problem(): ProblemSpec;
}

/** An error raised by the HTTP plumbing itself (bad request shape, auth, limits). */
export class HttpError extends DomainError {
  constructor(private readonly spec: ProblemSpec) {
    super(spec.detail ?? spec.title);
    this.name = 'HttpError';
  }
  problem(): ProblemSpec {
    return this.spec;
  }
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export function problemTypeUri(baseUrl: string, code: string): string {
  return `${baseUrl}/problems/${code}`;
}
