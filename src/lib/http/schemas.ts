import { Type } from 'typebox';

export const ProblemField = Type.Object(
  {
    in: Type.String({ description: 'body, query, params or headers' }),
    field: Type.String({ description: 'JSON Pointer to the value, or the unknown field' }),
    message: Type.String(),
  },
  { $id: 'ProblemField', additionalProperties: false },
);

export const Problem = Type.Object(
  {
    type: Type.String({ format: 'uri', description: 'Identifies the kind of problem' }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.String({ description: 'Stable machine-readable code (docs/problems.md)' }),
    errors: Type.Optional(Type.Array(Type.Ref('ProblemField'))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details (application/problem+json)' },
);

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is not valid',
  401: 'Authentication required',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'Body too large',
  415: 'Unsupported content type',
  422: 'Cannot be processed',
  429: 'Too many requests',
  503: 'Not ready',
};

/** Response schemas for the problem statuses a route can answer with. */
export function problemResponses(...statuses: number[]): Record<number, unknown> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      { description: STATUS_TEXT[status] ?? 'Problem', content: { 'application/problem+json': { schema: Type.Ref('Problem') } } },
    ]),
  );
}

export const sharedSchemas = [ProblemField, Problem];
