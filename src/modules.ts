import type { TsunaguModule } from '@lib/module.ts';
import { consentModule } from '@platform/consent/index.ts';
import { eventsModule } from '@platform/events/index.ts';
import { identityModule } from '@platform/identity/index.ts';
import { linkageModule } from '@platform/linkage/index.ts';
import { registryModule } from '@platform/registry/index.ts';
import { currencyModule } from '@services/currency/index.ts';
import { disasterModule } from '@services/disaster/index.ts';

/** Every module this build of Tsunagu can run, platform first. */
export const ALL_MODULES: readonly TsunaguModule[] = [
  registryModule,
  identityModule,
  consentModule,
  linkageModule,
  eventsModule,
  currencyModule,
  disasterModule,
];
