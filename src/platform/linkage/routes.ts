import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '@lib/http/access.ts';
import { problemResponses } from '@lib/http/schemas.ts';
import { categoryLabel, categoryShortLabel, isDataCategory } from '@platform/consent/categories.ts';
import type { Platform } from '../core.ts';
import { ownAccount } from '../identity/routes.ts';
import { LinkageError } from './errors.ts';

const CategoryParam = Type.Object({ category: Type.String({ maxLength: 40 }) });
const SubjectParam = Type.Object({ sub: Type.String({ maxLength: 100 }), category: Type.String({ maxLength: 40 }) });
const ReadResult = Type.Object({ category: Type.String(), consentVersion: Type.Integer(), data: Type.Unknown() }, { additionalProperties: false });
const WriteResult = Type.Object(
  { id: Type.String({ format: 'uuid' }), recordedAt: Type.String({ format: 'date-time' }) },
  { additionalProperties: false },
);
const IdempotencyKey = Type.String({
  minLength: 8,
  maxLength: 200,
  pattern: '^[A-Za-z0-9_.:-]+$',
  description:
    'Chosen by the service for each write (e.g. the id of its own record). A retried write under the same key is stored once and answered 200 with the first record; another write under a used key is 409.',
});
const WriteHeaders = Type.Object({ 'idempotency-key': Type.Optional(IdempotencyKey) });
const Data = Type.Record(Type.String(), Type.Unknown());
const WriteBody = Type.Object({ data: Data }, { additionalProperties: false });
/** Most writes one call may carry. */
const MAX_WRITES = 500;
const ManyBody = Type.Object(
  {
    writes: Type.Array(
      Type.Object(
        {
          subject: Type.String({ minLength: 1, maxLength: 100, description: 'The pairwise sub the service knows the citizen by.' }),
          category: Type.String({ maxLength: 40 }),
          data: Data,
          idempotencyKey: Type.Optional(IdempotencyKey),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_WRITES },
    ),
  },
  { additionalProperties: false },
);
const ManyResult = Type.Object(
  {
    results: Type.Array(
      Type.Object(
        {
          status: Type.Integer({
            description: 'What this write alone would have been answered: 201 stored, 200 stored before under its key, 403/404/405/409 refused.',
          }),
          id: Type.Optional(Type.String({ format: 'uuid' })),
          recordedAt: Type.Optional(Type.String({ format: 'date-time' })),
          code: Type.Optional(Type.String()),
          detail: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
const errors = problemResponses(400, 401, 403, 404, 405);

const sentence = (service: string, category: string, action: 'read' | 'write', outcome: 'allowed' | 'denied') => {
  const label = isDataCategory(category) ? categoryShortLabel(category) : { ja: category, en: category };
  if (outcome === 'denied') {
    return {
      ja: `${service}による ${label.ja} の${action === 'read' ? '参照' : '記録'}を拒否しました（同意がありません）`,
      en: `Refused ${service} ${action === 'read' ? 'reading' : 'recording'} ${label.en} (no consent)`,
    };
  }
  return {
    ja: `${service}が ${label.ja} を ${action === 'read' ? '参照しました' : '記録しました'}`,
    en: `${service} ${action === 'read' ? 'read' : 'recorded'} ${label.en}`,
  };
};

/** Consent-gated personal data for services, and the citizen's access log. */
export function linkageRoutes(platform: () => Promise<Platform>): FastifyPluginAsyncTypebox {
  return async (app) => {
    const { linkage } = await platform();

    /** The citizen the call is about, and the service making it. */
    const withCitizenToken = (request: Parameters<typeof principalOf>[0]) => {
      const principal = principalOf(request);
      if (principal.kind !== 'citizen' || !principal.clientId) throw new LinkageError('service_token_required');
      return { accountId: principal.accountId, clientId: principal.clientId, token: principal.tokenToConfirm };
    };
    const asService = async (request: Parameters<typeof principalOf>[0], sub: string) => {
      const principal = principalOf(request);
      if (principal.kind !== 'service') throw new LinkageError('service_token_required');
      return { accountId: await linkage.accountForSubject(principal.clientId, sub), clientId: principal.clientId, token: principal.tokenToConfirm };
    };

    // Reads confirm the token is live in the statement that reads consent and data.
    app.get(
      '/me/:category',
      {
        config: { access: 'citizen', confirmsTokenLive: true },
        schema: {
          summary: "Read a category of the citizen's data",
          description: "With the citizen's access token. Checked against the live consent; logged.",
          params: CategoryParam,
          response: { 200: ReadResult, ...errors },
        },
      },
      async (request) => linkage.read({ ...withCitizenToken(request), category: request.params.category }),
    );

    app.post(
      '/me/:category',
      {
        config: { access: 'citizen' },
        schema: {
          summary: 'Record data for the citizen (payment result, safety status, lifelog, prescription)',
          params: CategoryParam,
          headers: WriteHeaders,
          body: WriteBody,
          response: { 200: WriteResult, 201: WriteResult, ...problemResponses(400, 401, 403, 404, 405, 409) },
        },
      },
      async (request, reply) => {
        const written = await linkage.write(
          { ...withCitizenToken(request), category: request.params.category },
          request.body.data,
          request.headers['idempotency-key'],
        );
        return reply.status(written.replayed ? 200 : 201).send({ id: written.id, recordedAt: written.recordedAt.toISOString() });
      },
    );

    app.get(
      '/subjects/:sub/:category',
      {
        config: { access: 'service', confirmsTokenLive: true },
        schema: {
          summary: 'Read a category for a citizen who opted in, with client credentials',
          description: 'The subject is the pairwise sub the service knows the citizen by.',
          params: SubjectParam,
          response: { 200: ReadResult, ...errors },
        },
      },
      async (request) => linkage.read({ ...(await asService(request, request.params.sub)), category: request.params.category }),
    );

    app.post(
      '/subjects/:sub/:category',
      {
        config: { access: 'service' },
        schema: {
          summary: 'Record data for a citizen who opted in, with client credentials',
          params: SubjectParam,
          headers: WriteHeaders,
          body: WriteBody,
          response: { 200: WriteResult, 201: WriteResult, ...problemResponses(400, 401, 403, 404, 405, 409) },
        },
      },
      async (request, reply) => {
        const written = await linkage.write(
          { ...(await asService(request, request.params.sub)), category: request.params.category },
          request.body.data,
          request.headers['idempotency-key'],
        );
        return reply.status(written.replayed ? 200 : 201).send({ id: written.id, recordedAt: written.recordedAt.toISOString() });
      },
    );

    app.post(
      '/subjects/records',
      {
        config: { access: 'service' },
        schema: {
          summary: 'Record data for many citizens in one call, with client credentials',
          description: `Up to ${MAX_WRITES} writes, each checked against its citizen's live consent, logged in her access log and stored as its own POST to /subjects/{sub}/{category} would be; \`results\` answers them in order, each with the status its own call would have had. Refusals do not fail the call.`,
          body: ManyBody,
          response: { 200: ManyResult, ...problemResponses(400, 401, 403) },
        },
      },
      async (request) => {
        const principal = principalOf(request);
        if (principal.kind !== 'service') throw new LinkageError('service_token_required');
        return { results: await linkage.writeMany(principal.clientId, request.body.writes) };
      },
    );

    app.get(
      '/access-log',
      {
        config: { access: 'citizen' },
        schema: {
          summary: 'My access log',
          description: 'Every read and write of the citizen’s data, allowed or denied, newest first, in plain words.',
          querystring: Type.Object(
            { limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), before: Type.Optional(Type.Integer({ minimum: 1 })) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              entries: Type.Array(Type.Object({}, { additionalProperties: true })),
              next: Type.Union([Type.Integer(), Type.Null()]),
            }),
            ...problemResponses(400, 401),
          },
        },
      },
      async (request) => {
        const rows = await linkage.log.forAccount(ownAccount(request), request.query.limit, request.query.before);
        return {
          entries: rows.map((r) => ({
            id: r.id,
            seq: r.seq,
            at: r.at.toISOString(),
            clientId: r.client_id,
            service: { name: r.service_name, company: r.company },
            category: r.category,
            label: isDataCategory(r.category) ? categoryLabel(r.category) : { ja: r.category, en: r.category },
            action: r.action,
            outcome: r.outcome,
            reason: r.reason,
            purpose: r.purpose,
            consentVersion: r.consent_version,
            sentence: sentence(r.service_name, r.category, r.action, r.outcome),
          })),
          next: rows.length === request.query.limit ? (rows[rows.length - 1]?.seq ?? null) : null,
        };
      },
    );
  };
}
