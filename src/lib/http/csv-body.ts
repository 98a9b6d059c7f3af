import type { FastifyInstance } from 'fastify';
import { MIMEType } from 'node:util';
import { decodeCsv, type CsvTextProblem } from '@lib/csv-text.ts';
import { HttpError } from './problem.ts';

/**
 * Makes a scope take text/csv bodies only, as text: UTF-8 or Shift_JIS (a charset in
 * Content-Type decides, otherwise whichever reads). Bytes that read as neither are refused
 * with the error `refuse` makes of the problem; any other content type with 415.
 */
export function acceptCsvOnly(scope: FastifyInstance, refuse: (problem: CsvTextProblem) => Error): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('text/csv', { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    const { text, problem } = decodeCsv(body, declaredCharset(request.headers['content-type']));
    if (problem) done(refuse(problem), undefined);
    else done(null, text);
  });
  scope.addContentTypeParser('*', (_request, _payload, done) => {
    done(
      new HttpError({
        status: 415,
        code: 'unsupported_media_type',
        title: 'Unsupported content type',
        detail: 'Send the file as text/csv (UTF-8 or Shift_JIS).',
      }),
      undefined,
    );
  });
}

/** The charset a Content-Type header declares (lower case), if any. */
export function declaredCharset(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  try {
    return new MIMEType(contentType).params.get('charset')?.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}
