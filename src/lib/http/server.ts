import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import ajvFormats from 'ajv-formats';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { uuidv7 } from '@lib/ids.ts';
import type { Config } from '../config.ts';
import { installAccessControl, type AccessControl } from './access.ts';
import { installErrorHandler } from './error-handler.ts';
import { HttpError } from './problem.ts';

type AjvPlugin = NonNullable<NonNullable<FastifyServerOptions['ajv']>['plugins']>[number];

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Fastify with Tsunagu's plumbing: logs, request ids, validation, errors, headers, limits, access. */
export async function createHttpServer(config: Config, logger: FastifyBaseLogger): Promise<{ app: FastifyInstance; access: AccessControl }> {
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    // Keep a caller's request id when it looks like one, so a trace can cross services.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && INCOMING_REQUEST_ID.test(incoming) ? incoming : uuidv7();
    },
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true },
      // ajv-formats' own typing predates Fastify's plugin type; the call shape is the same.
      plugins: [ajvFormats as unknown as AjvPlugin],
    },
    routerOptions: { maxParamLength: 200 },
    return503OnClosing: true,
    // Requests Node's HTTP parser rejects never reach Fastify's error handler; answer them in kind.
    clientErrorHandler: (err, socket) => {
      if (!socket.writable) return socket.destroy();
      const body = JSON.stringify({
        type: `${config.baseUrl}/problems/bad_request`,
        title: 'The request could not be parsed',
        status: 400,
        code: 'bad_request',
        detail: 'Malformed HTTP request (check that the URL is percent-encoded).',
      });
      socket.end(
        `HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      void err;
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installErrorHandler(app, config.baseUrl);
  const securityHeaders = helmetHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.baseUrl.startsWith('https:'),
  });
  // One synchronous hook for every request (an async one costs a promise each).
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    if (request.routeOptions.config.securityHeaders !== false) void reply.headers(securityHeaders);
    done();
  });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) =>
      new HttpError({ status: 429, code: 'rate_limited', title: 'Too many requests', detail: `Try again in ${context.after}.` }),
  });
  const access = installAccessControl(app, config.operatorToken);
  return { app, access };
}

/**
 * The headers helmet sets, worked out once: they depend only on the options, and running
 * helmet's middleware (or @fastify/helmet, which rebuilt it and re-parsed the CSP) on every
 * request cost a sixth of a small request's CPU.
 */
function helmetHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error('helmet refused its options', { cause: err });
  });
  return Object.freeze(headers);
}
