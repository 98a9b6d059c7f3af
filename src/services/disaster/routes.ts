import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ModuleContext } from '@lib/module.ts';
import { serviceKit } from '@lib/service-kit/index.ts';
import { citizenRoutes } from './citizen-routes.ts';
import { disaster } from './container.ts';
import { eventRoutes } from './event-routes.ts';
import { EventRepository } from './event-repository.ts';
import { disasterManifest } from './manifest.ts';
import { shelterRoutes } from './shelter-routes.ts';
import { staffRoutes } from './staff-routes.ts';
import { streamRoutes } from './stream-routes.ts';

/** Every route of the disaster service under /api/disaster, and its background work (linkage outbox). */
export function disasterRoutes(context: ModuleContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(serviceKit(context, disasterManifest).authRoutes);
    const services = () => disaster(context);
    const roles = () => new EventRepository(context.database.db);
    await app.register(shelterRoutes(services));
    await app.register(eventRoutes(services));
    await app.register(citizenRoutes(services, roles));
    await app.register(streamRoutes(services));
    await app.register(staffRoutes(services, roles));
    // Reports left unwritten by an earlier run (or another process that died) go out now.
    app.addHook('onReady', async () => {
      services().outbox.start();
    });
    app.addHook('onClose', async () => {
      services().live.stop();
      await services().outbox.stop();
    });
  };
}
