import type { TsunaguModule } from '@lib/module.ts';
import { registryChangePublisher } from '../core.ts';
import { AIZUWAKAMATSU_DISTRICTS } from './demo-districts.ts';
import { seedDemoResidents } from './demo/seed.ts';
import { registryMigrations } from './migrations/index.ts';
import { registryRoutes } from './routes.ts';
import { RegistryService } from './service.ts';

import { registrySchemas } from './schemas.ts';

/** The resident registry: the city's secure database of municipality, districts and (soon) residents. */
export const registryModule: TsunaguModule = {
  name: 'registry',
  kind: 'platform',
  title: { ja: '住民基本台帳', en: 'Resident registry' },
  summary: { ja: '市が保有する住民・世帯・町名のデータ', en: 'City-held data on residents, households and towns' },
  portal: null,
  migrations: registryMigrations,
  schemas: registrySchemas,
  routes: (context) => async (app) => {
    // Imports publish registry events for citizens' opted-in services, in the import's transaction.
    const onChanges = await registryChangePublisher(context);
    await app.register(registryRoutes(new RegistryService(context.database.db, onChanges)));
  },
  async seedDemo({ database }, progress) {
    const service = new RegistryService(database.db);
    const result = await service.establish(
      {
        code: '072028',
        prefecture_ja: '福島県',
        prefecture_en: 'Fukushima',
        name_ja: '会津若松市',
        name_en: 'Aizuwakamatsu',
        name_kana: 'あいづわかまつし',
      },
      AIZUWAKAMATSU_DISTRICTS,
    );
    progress(`registry: municipality ${result.created ? 'created' : 'already there'}, ${result.districtsAdded} districts added`);
    const residents = await seedDemoResidents(database.db);
    progress(
      residents.added
        ? `registry: ${residents.residents} residents in ${residents.households} households added (${residents.formerResidents} former residents, ${residents.changes} changes, ${residents.links} family links)`
        : 'registry: demo residents already there',
    );
  },
};
