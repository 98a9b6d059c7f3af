import type { Kysely } from 'kysely';
import { withTransaction, type NoTables } from '@lib/db/database.ts';
import { decodeCsv, type CsvText } from '@lib/csv-text.ts';
import { readCsv, type ImportRowError } from './csv-format.ts';
import { readRow, type ImportRow } from './csv-row.ts';
import type { ChangeKind } from './codes.ts';
import { RegistryError } from './errors.ts';
import { ImportApplication } from './import-application.ts';
import { isIsoDate, todayInTokyo } from './japanese.ts';
import { RegistryRepository } from './repository.ts';

/** The CSV as text, bytes (UTF-8 or Shift_JIS, see decodeCsv), or a stream of either. */
export type CsvInput = string | Uint8Array | AsyncIterable<string | Uint8Array>;

export type ImportOptions = {
  /** Date of the changes the file records, `YYYY-MM-DD`; today in Asia/Tokyo when absent. A row's 異動日 overrides it. */
  effectiveDate?: string;
  /** Check everything against the register, then write nothing. */
  dryRun?: boolean;
  /** The bytes' charset when the sender declared one; otherwise UTF-8 or Shift_JIS, whichever reads. */
  charset?: string | undefined;
  onProgress?: (message: string) => void;
  /** The clock, for tests. */
  now?: Date;
  /** Called inside the import's transaction with the changes it recorded, so events commit with them. */
  onChanges?: (tx: Kysely<NoTables>, changes: readonly RecordedChange[]) => Promise<void>;
};

/** A change an import recorded: whose, what kind, from when. */
export type RecordedChange = { personId: string; kind: ChangeKind; effectiveDate: string };

/** What an import did, or why it did nothing: `errors` lists every bad row; when it is not empty nothing was written. */
export type ImportReport = {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  changesRecorded: number;
  effectiveDate: string;
  dryRun: boolean;
  errors: ImportRowError[];
};

class RollBack extends Error {}

async function decode(input: CsvInput, charset: string | undefined): Promise<CsvText> {
  if (typeof input === 'string') return { text: input, encoding: 'utf-8' };
  let bytes: Uint8Array;
  if (input instanceof Uint8Array) {
    bytes = input;
  } else {
    const chunks: Uint8Array[] = [];
    for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    bytes = Buffer.concat(chunks);
  }
  return decodeCsv(bytes, charset);
}

/** Rows that disagree with each other inside the file; a repeated resident code keeps only its first row. */
function checkFile(rows: readonly ImportRow[]): { errors: ImportRowError[]; repeated: Set<ImportRow> } {
  const errors: ImportRowError[] = [];
  const repeated = new Set<ImportRow>();
  const seen = new Map<string, number>();
  const homes = new Map<string, ImportRow>();
  for (const row of rows) {
    const earlier = seen.get(row.residentCode);
    if (earlier !== undefined) {
      errors.push({
        row: row.row,
        column: row.headers.residentCode ?? '住民票コード',
        value: row.residentCode,
        message: `resident code ${row.residentCode} is also on row ${earlier}`,
        messageJa: `住民票コード ${row.residentCode} は ${earlier} 行目にもあります`,
      });
      repeated.add(row);
      continue;
    }
    seen.set(row.residentCode, row.row);
    if (row.change === 'move_out' || row.change === 'death') continue;
    const first = homes.get(row.householdCode);
    if (!first) {
      homes.set(row.householdCode, row);
    } else if (
      first.districtId !== row.districtId ||
      first.banchi !== row.banchi ||
      (first.building !== undefined && row.building !== undefined && first.building !== row.building)
    ) {
      errors.push({
        row: row.row,
        column: row.headers.banchi ?? '番地',
        value: `${row.districtName}${row.banchi}`,
        message: `household ${row.householdCode} lives at ${first.districtName}${first.banchi} on row ${first.row}; its members share one address`,
        messageJa: `世帯 ${row.householdCode} の住所は ${first.row} 行目で ${first.districtName}${first.banchi} です（世帯員の住所は同じです）`,
      });
    }
  }
  return { errors, repeated };
}

/**
 * Imports the registry CSV (docs/registry.md) in one transaction: every row is checked,
 * against the file and the register, and if any is bad nothing is written and the report
 * lists them all. Rows are matched by 住民票コード and households by 世帯番号, so importing
 * the same file again changes nothing.
 */
export async function importRegistryCsv(db: Kysely<NoTables>, input: CsvInput, options: ImportOptions = {}): Promise<ImportReport> {
  const today = todayInTokyo(options.now);
  const effectiveDate = options.effectiveDate ?? today;
  if (!isIsoDate(effectiveDate) || effectiveDate > today) {
    throw new RegistryError(
      'invalid_effective_date',
      `The effective date must be a real date, YYYY-MM-DD, not after ${today}; got "${effectiveDate}".`,
    );
  }
  const progress = options.onProgress ?? (() => undefined);
  const report: ImportReport = {
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    changesRecorded: 0,
    effectiveDate,
    dryRun: !!options.dryRun,
    errors: [],
  };

  const { text, problem } = await decode(input, options.charset);
  if (problem) {
    report.errors.push({ row: 0, column: null, ...problem });
    return report;
  }
  const registry = new RegistryRepository(db);
  const municipality = await registry.municipality();
  if (!municipality) throw new RegistryError('municipality_not_configured', 'Set up the municipality and its districts before importing residents.');
  const districts = await registry.allDistricts(municipality.code);

  const grid = readCsv(text);
  report.rows = grid.records.length;
  const errors = [...grid.errors];
  const rows: ImportRow[] = [];
  const invalidHouseholds = new Set<string>();
  const districtIds = new Map(districts.map((d) => [d.name, d.id]));
  for (const record of grid.records) {
    const result = readRow(record, { districts: districtIds, today });
    if ('row' in result) {
      rows.push(result.row);
    } else {
      errors.push(...result.errors);
      if (record.cells.householdCode) invalidHouseholds.add(record.cells.householdCode.normalize('NFKC'));
    }
  }
  const file = checkFile(rows);
  errors.push(...file.errors);
  const distinct = rows.filter((row) => !file.repeated.has(row));
  progress(`read ${grid.records.length} rows`);

  if (distinct.length > 0) {
    const fileCodes = new Set(grid.records.flatMap((record) => (record.cells.residentCode ? [record.cells.residentCode.normalize('NFKC')] : [])));
    try {
      await withTransaction(db, async (tx) => {
        const application = new ImportApplication(tx, { effectiveDate, districts, invalidHouseholds, fileCodes });
        const outcome = await application.run(distinct);
        errors.push(...outcome.errors);
        Object.assign(report, outcome.counts);
        progress(`checked ${distinct.length} rows against the register`);
        if (errors.length > 0 || options.dryRun) throw new RollBack();
        await options.onChanges?.(tx, outcome.changes);
      });
    } catch (err) {
      if (!(err instanceof RollBack)) throw err;
    }
  }

  report.errors = errors.sort((a, b) => a.row - b.row);
  if (report.errors.length > 0) Object.assign(report, { created: 0, updated: 0, unchanged: 0, changesRecorded: 0 });
  return report;
}
