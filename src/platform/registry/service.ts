import { uuidv7 } from 'uuidv7';
import type { Kysely } from 'kysely';
import { withTransaction, type NoTables } from '@lib/db/database.ts';
import { RegistryError } from './errors.ts';
import { RegistryRepository, type DistrictRow, type MunicipalityRow } from './repository.ts';

export type DistrictPageResult = { rows: DistrictRow[]; total: number; limit: number; offset: number };

/** Use cases of the resident registry. */
export class RegistryService {
  private readonly repository: RegistryRepository;

  constructor(private readonly db: Kysely<NoTables>) {
    this.repository = new RegistryRepository(db);
  }

  async municipality(): Promise<MunicipalityRow> {
    const row = await this.repository.municipality();
    if (!row) throw new RegistryError('municipality_not_configured', 'Run `tsunagu seed --demo` or import the registry first.');
    return row;
  }

  async districts(query: { prefix?: string | undefined; limit: number; offset: number }): Promise<DistrictPageResult> {
    const { code } = await this.municipality();
    const page = await this.repository.districts({
      municipalityCode: code,
      limit: query.limit,
      offset: query.offset,
      ...(query.prefix ? { prefix: query.prefix } : {}),
    });
    return { ...page, limit: query.limit, offset: query.offset };
  }

  async addDistrict(input: { name: string; nameKana: string }): Promise<DistrictRow> {
    const { code } = await this.municipality();
    const row: DistrictRow = { id: uuidv7(), municipality_code: code, name: input.name.normalize('NFC'), name_kana: input.nameKana };
    const inserted = await this.repository.insertDistricts([row]);
    if (inserted === 0) throw new RegistryError('district_exists', `「${row.name}」 is already a district of this municipality.`);
    return row;
  }

  /** Sets up the municipality and its districts in one transaction; running it again adds only what is missing. */
  async establish(
    municipality: MunicipalityRow,
    districts: readonly (readonly [string, string])[],
  ): Promise<{ created: boolean; districtsAdded: number }> {
    return withTransaction(this.db, async (tx) => {
      const repository = new RegistryRepository(tx);
      const created = await repository.insertMunicipality(municipality);
      const rows = districts.map(([name, kana]) => ({ id: uuidv7(), municipality_code: municipality.code, name, name_kana: kana }));
      return { created, districtsAdded: await repository.insertDistricts(rows) };
    });
  }
}
