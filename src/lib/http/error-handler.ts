import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from './access.ts';
import { DomainError, PROBLEM_CONTENT_TYPE, problemTypeUri, type ProblemField, type ProblemSpec } from './problem.ts';

type FastifyValidationIssue = {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
};

const PARTS: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

function validationFields(error: FastifyError): ProblemField[] {
  const where = PARTS[error.validationContext ?? 'body'] ?? 'body';
  const issues = (error.validation ?? []) as FastifyValidationIssue[];
  return issues.map((issue) => {
    if (issue.keyword === 'additionalProperties') {
      const name = String(issue.params.additionalProperty);
      return { in: where, field: `${issue.instancePath}/${name}`, message: `unknown field "${name}"` };
    }
    if (issue.keyword === 'required') {
      const name = String(issue.params.missingProperty);
      return { in: where, field: `${issue.instancePath}/${name}`, message: 'is required' };
    }
    return { in: where, field: issue.instancePath || '/', message: issue.message ?? 'is invalid' };
  });
}

/** Maps errors Fastify and its plugins raise before a handler runs to stable problem codes. */
function frameworkProblem(error: FastifyError): ProblemSpec | undefined {
  if (error.validation) {
    const errors = validationFields(error);
    const first = errors[0];
    return {
      status: 400,
      code: 'validation_failed',
      title: 'The request is not valid',
      detail: first ? `${first.in} ${first.field}: ${first.message}` : 'The request does not match its schema.',
      errors,
    };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'malformed_json', title: 'The body is not valid JSON', detail: error.message };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'empty_body', title: 'The body is empty', detail: 'Send a JSON body, or no Content-Type header.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'unsupported_media_type', title: 'Unsupported content type', detail: 'Send the body as application/json.' };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'bad_content_length', title: 'Content-Length does not match the body' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'payload_too_large', title: 'The body is too large', detail: error.message };
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return { status: 400, code: 'bad_url', title: 'The URL is not valid' };
    default:
      break;
  }
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return { status: 400, code: 'malformed_json', title: 'The body is not valid JSON', detail: error.message };
  }
  if (error.statusCode === 429) {
    return { status: 429, code: 'rate_limited', title: 'Too many requests', detail: error.message };
  }
  return undefined;
}

/** Writes every error as RFC 9457 problem+json; unknown errors become a generic 500. */
/** Writes one problem+json response. */
export function sendProblem(baseUrl: string, request: FastifyRequest, reply: FastifyReply, spec: ProblemSpec): FastifyReply {
  const body = {
    type: problemTypeUri(baseUrl, spec.code),
    title: spec.title,
    status: spec.status,
    ...(spec.detail ? { detail: spec.detail } : {}),
    instance: request.url,
    code: spec.code,
    ...(spec.errors ? { errors: spec.errors } : {}),
  };
  // Every 401 names the scheme to use (RFC 9110 §15.5.2), wherever it was decided.
  if (spec.status === 401 && !reply.hasHeader('www-authenticate')) {
    void reply.header('www-authenticate', bearerToken(request) ? 'Bearer realm="tsunagu", error="invalid_token"' : 'Bearer realm="tsunagu"');
  }
  return reply.status(spec.status).type(PROBLEM_CONTENT_TYPE).send(body);
}

/** Writes every error as RFC 9457 problem+json; unknown errors become a generic 500. */
export function installErrorHandler(app: FastifyInstance, baseUrl: string): void {
  const send = (request: FastifyRequest, reply: FastifyReply, spec: ProblemSpec) => sendProblem(baseUrl, request, reply, spec);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const spec = error instanceof DomainError ? error.problem() : frameworkProblem(error);
    if (spec) {
      if (spec.status >= 500) request.log.error({ err: error }, 'request failed');
      return send(request, reply, spec);
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ err: error }, 'client error without a problem mapping');
      return send(request, reply, { status: error.statusCode, code: 'bad_request', title: 'The request was refused' });
    }
    request.log.error({ err: error }, 'unexpected error');
    return send(request, reply, {
      status: 500,
      code: 'internal_error',
      title: 'Something went wrong on our side',
      detail: `Quote request id ${request.id} when you report this.`,
    });
  });
}

/** Answers a request nobody routed (e.g. a page path of the web app); false to fall through to 404. */
export type NotFoundFallback = (request: FastifyRequest, reply: FastifyReply) => boolean;

export function installNotFound(app: FastifyInstance, baseUrl: string, fallback?: NotFoundFallback): void {
  app.setNotFoundHandler((request, reply) => {
    if (fallback?.(request, reply)) return reply;
    return sendProblem(baseUrl, request, reply, {
      status: 404,
      code: 'not_found',
      title: 'Not found',
      detail: `Nothing is at ${request.method} ${request.url.split('?')[0]}.`,
    });
  });
}
