import type { Kysely } from 'kysely';
import type { NoTables } from '@lib/db/database.ts';
import type { DistrictRow, MunicipalityRow, RegistryTables } from './tables.ts';

export type { DistrictRow, MunicipalityRow } from './tables.ts';

export type DistrictQuery = { municipalityCode: string; prefix?: string; limit: number; offset: number };

/** The only place with SQL for the resident registry. */
export class RegistryRepository {
  private readonly db: Kysely<RegistryTables>;

  constructor(db: Kysely<NoTables>) {
    this.db = db.withTables<RegistryTables>();
  }

  /** The city this installation serves; the registry holds exactly one. */
  async municipality(): Promise<MunicipalityRow | undefined> {
    return this.db
      .selectFrom('registry.municipality')
      .select(['code', 'prefecture_ja', 'prefecture_en', 'name_ja', 'name_en', 'name_kana'])
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
  }

  async insertMunicipality(row: MunicipalityRow): Promise<boolean> {
    const result = await this.db
      .insertInto('registry.municipality')
      .values(row)
      .onConflict((c) => c.column('code').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async districts(query: DistrictQuery): Promise<{ rows: DistrictRow[]; total: number }> {
    let base = this.db.selectFrom('registry.district').where('municipality_code', '=', query.municipalityCode);
    if (query.prefix) {
      const pattern = `${query.prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      base = base.where((eb) => eb.or([eb('name', 'like', pattern), eb('name_kana', 'like', pattern)]));
    }
    const [rows, count] = await Promise.all([
      base
        .select(['id', 'municipality_code', 'name', 'name_kana'])
        .orderBy('name_kana')
        .orderBy('name')
        .limit(query.limit)
        .offset(query.offset)
        .execute(),
      base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.total) };
  }

  /** Every district of the municipality (a city has a few hundred at most). */
  async allDistricts(municipalityCode: string): Promise<DistrictRow[]> {
    return this.db
      .selectFrom('registry.district')
      .where('municipality_code', '=', municipalityCode)
      .select(['id', 'municipality_code', 'name', 'name_kana'])
      .orderBy('name_kana')
      .execute();
  }

  /** Inserts the districts that are not there yet; returns how many were new. */
  async insertDistricts(rows: readonly DistrictRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await this.db
      .insertInto('registry.district')
      .values([...rows])
      .onConflict((c) => c.columns(['municipality_code', 'name']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  }
}
