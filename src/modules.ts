import type { TsunaguModule } from '@lib/module.ts';
import { registryModule } from '@platform/registry/index.ts';

/** Every module this build of Tsunagu can run, platform first. */
export const ALL_MODULES: readonly TsunaguModule[] = [registryModule];
