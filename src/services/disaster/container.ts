import type { ModuleContext } from '@lib/module.ts';
import { serviceKit } from '@lib/service-kit/index.ts';
import { CheckinCodes } from './checkin-code.ts';
import { CitizenService } from './citizen-service.ts';
import { DashboardService } from './dashboard-service.ts';
import { EventService } from './event-service.ts';
import { LinkageOutbox, type OutboxOptions } from './linkage-outbox.ts';
import { LiveHub } from './live.ts';
import { disasterManifest } from './manifest.ts';
import type { Platform } from './ports.ts';
import { ShelterService } from './shelter-service.ts';
import { SupportService } from './support-service.ts';

/** The disaster service's use cases, wired once per app. */
export type Disaster = {
  shelters: ShelterService;
  events: EventService;
  citizens: CitizenService;
  support: SupportService;
  dashboard: DashboardService;
  live: LiveHub;
  outbox: LinkageOutbox;
};

const built = new WeakMap<ModuleContext['database'], Disaster>();

/** Wires the services over a database and a platform client (the kit's, or a fake in tests). */
export function buildDisaster(context: ModuleContext, platform: Platform, options: { outbox?: Partial<OutboxOptions> } = {}): Disaster {
  const { db } = context.database;
  const codes = new CheckinCodes(db);
  const shelters = new ShelterService(db);
  const events = new EventService(db, platform, context.log);
  const live = new LiveHub(db, context.log);
  // PGlite has one connection: one batch at a time. PostgreSQL takes two in flight.
  const concurrency = context.database.kind === 'postgres' ? 2 : 1;
  const outbox = new LinkageOutbox(db, platform, context.log, options.outbox);
  return {
    shelters,
    events,
    citizens: new CitizenService(db, platform, events, shelters, codes, live, concurrency, () => outbox.kick()),
    support: new SupportService(db, platform, events, codes, context.log),
    dashboard: new DashboardService(db, events),
    live,
    outbox,
  };
}

/** The app's disaster service (memoized per database), talking to the platform through the service kit. */
export function disaster(context: ModuleContext): Disaster {
  let found = built.get(context.database);
  if (!found) {
    found = buildDisaster(context, serviceKit(context, disasterManifest).platform);
    built.set(context.database, found);
  }
  return found;
}
