import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { defaultAccess } from './access.ts';
import type { NotFoundFallback } from './error-handler.ts';

/** Paths the web app must never shadow: they belong to the API and operations. */
const SERVER_PATHS = /^\/(api|docs|\.well-known|healthz|readyz|metrics|openapi\.json|problems)(\/|$|\?)/;

/**
 * Serves the built web app from `webDir`; returns the fallback that answers unknown page
 * paths with index.html so the app's own routes work on reload. Undefined when not built.
 */
export async function installWebApp(app: FastifyInstance, webDir: string): Promise<NotFoundFallback | undefined> {
  const index = path.join(webDir, 'index.html');
  if (!fs.existsSync(index)) {
    app.log.warn({ webDir }, 'web app not built: run `npm run build:web` (npm start does it)');
    return undefined;
  }
  // The shell is a few hundred bytes and changes only with a rebuild, which needs a restart anyway.
  const page = fs.readFileSync(index);
  await app.register(async (web) => {
    defaultAccess(web, 'public');
    await web.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      decorateReply: false,
      index: ['index.html'],
      setHeaders: (reply, file) => {
        // Vite puts a content hash in every asset name, so they never change.
        if (file.includes(`${path.sep}assets${path.sep}`)) void reply.header('cache-control', 'public, max-age=31536000, immutable');
        else void reply.header('cache-control', 'no-cache');
      },
    });
  });
  return (request, reply) => {
    const wantsPage = request.method === 'GET' && !SERVER_PATHS.test(request.url) && (request.headers.accept ?? '').includes('text/html');
    if (!wantsPage) return false;
    void reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page);
    return true;
  };
}
