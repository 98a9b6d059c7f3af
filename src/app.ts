import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, RouteOptions } from 'fastify';
import pino, { type Logger } from 'pino';
import type { Config } from '@lib/config.ts';
import { openDatabase, type Database } from '@lib/db/database.ts';
import { migrateModules, type MigrationProgress } from '@lib/db/migrate.ts';
import { defaultAccess } from '@lib/http/access.ts';
import { installNotFound } from '@lib/http/error-handler.ts';
import { installHealth } from '@lib/http/health.ts';
import { installMetrics } from '@lib/http/metrics.ts';
import { sharedSchemas } from '@lib/http/schemas.ts';
import { createHttpServer } from '@lib/http/server.ts';
import { installWebApp } from '@lib/http/web.ts';
import type { ModuleContext, TsunaguModule } from '@lib/module.ts';
import { injectFetch } from '@lib/service-kit/index.ts';
import { catalogRoutes } from '@platform/catalog/index.ts';
import { registerBuiltinServices } from '@platform/identity/builtin-services.ts';
import { ALL_MODULES } from './modules.ts';

export type TsunaguApp = {
  http: FastifyInstance;
  /** Every route the app serves, as registered: its policy, schema and URL. */
  routes: readonly RouteOptions[];
  database: Database;
  log: Logger;
  /** What the modules were given (tests reach a service module's kit through it). */
  context: ModuleContext;
  /** Stops taking requests, lets in-flight ones finish, then closes the database. */
  close(): Promise<void>;
};

export type AppOptions = {
  modules?: readonly TsunaguModule[];
  /** An already open database (tests share one); the app then leaves it open on close. */
  database?: Database;
  logger?: Logger;
  /** Where demo-seed progress goes (the CLI prints it); the log otherwise. */
  seedProgress?: (message: string) => void;
};

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'tsunagu' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
  });
}

/** Brings every module's schema up to date. */
export async function migrate(database: Database, modules: readonly TsunaguModule[], onProgress?: (step: MigrationProgress) => void) {
  return migrateModules(
    database.db,
    modules.flatMap((m) => (m.migrations ? [m.migrations] : [])),
    onProgress,
  );
}

/** Writes the demo city; every module's seed is idempotent. */
export async function seedDemo(context: ModuleContext, modules: readonly TsunaguModule[], progress: (message: string) => void) {
  for (const m of modules) await m.seedDemo?.(context, progress);
}

/**
 * Builds Tsunagu: opens (or takes) the database, migrates it, seeds the demo city when
 * configured, and mounts every module. Nothing listens until the caller says so.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<TsunaguApp> {
  const modules = options.modules ?? ALL_MODULES;
  const log = options.logger ?? createLogger(config);
  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize }));
  try {
    await migrate(database, modules, (step) => log.info(step, 'migration'));
    const self: { http?: FastifyInstance } = {};
    // Service modules call the platform over its HTTP API: across the network when it runs
    // elsewhere, else into this app in-process.
    const platformFetch = config.platformUrl ? fetch : injectFetch(() => self.http);
    const context: ModuleContext = { config, database, log, platformFetch };
    await registerBuiltinServices(context, modules);

    const { app: http, access } = await createHttpServer(config, log);
    const routes: RouteOptions[] = [];
    http.addHook('onRoute', (route) => {
      routes.push(route);
    });
    for (const schema of [...sharedSchemas, ...modules.flatMap((m) => m.schemas)]) http.addSchema(schema);
    await http.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Tsunagu API (つなぐ)',
          version: '0.1.0',
          description: 'City OS API: platform (identity, registry, consent, linkage, catalog) and city services. Errors are RFC 9457 problem+json.',
        },
        servers: [{ url: config.baseUrl }],
        tags: [
          ...modules.map((m) => ({ name: m.name, description: `${m.title.ja} / ${m.title.en}: ${m.summary.en}` })),
          { name: 'catalog', description: 'API catalog and OpenAPI documents' },
          { name: 'operations', description: 'Health, readiness and metrics' },
        ],
        components: { securitySchemes: { operatorToken: { type: 'http', scheme: 'bearer', description: 'OPERATOR_TOKEN' } } },
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    });

    for (const m of modules) for (const authenticator of m.authenticators?.(context) ?? []) access.addAuthenticator(authenticator);
    installHealth(http, () => database.ping());
    installMetrics(http);
    for (const m of modules) {
      await http.register(
        async (scope) => {
          scope.addHook('onRoute', (route) => {
            route.schema = { ...route.schema, tags: route.schema?.tags ?? [m.name] };
          });
          await scope.register(m.routes(context));
        },
        { prefix: `/api/${m.name}` },
      );
      const rootRoutes = m.rootRoutes;
      if (rootRoutes) {
        await http.register(async (scope) => {
          scope.addHook('onRoute', (route) => {
            route.schema = { ...route.schema, tags: route.schema?.tags ?? [m.name] };
          });
          await scope.register(rootRoutes(context));
        });
      }
    }
    catalogRoutes(http, {
      modules,
      baseUrl: config.baseUrl,
      extraLinks: async () => (await Promise.all(modules.map((m) => m.catalogLinks?.(context) ?? Promise.resolve([])))).flat(),
    });
    await http.register(async (docs) => {
      defaultAccess(docs, 'public');
      // One document per module, picked from the top bar: the whole API (150 operations and
      // growing) is more than a reader wants on one page, and more than Swagger UI renders.
      const documents = modules.map((m) => ({ url: `/api/${m.name}/openapi.json`, name: `${m.title.ja} / ${m.title.en}` }));
      await docs.register(swaggerUi, {
        routePrefix: '/docs',
        staticCSP: true,
        uiConfig: { deepLinking: true, docExpansion: 'list', urls: documents },
      });
    });
    installNotFound(http, config.baseUrl, await installWebApp(http, config.webDir));
    await http.ready();
    self.http = http;
    // After the routes exist: service modules seed through the platform's HTTP API.
    if (config.seedDemo) await seedDemo(context, modules, options.seedProgress ?? ((message) => log.info(message)));

    return {
      http,
      routes,
      database,
      log,
      context,
      async close() {
        await http.close();
        if (!options.database) await database.close();
      },
    };
  } catch (err) {
    if (!options.database) await database.close();
    throw err;
  }
}
