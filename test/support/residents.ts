import type { Database } from '@lib/db/database.ts';
import { importRegistryCsv } from '@platform/registry/importer.ts';
import type { Agent } from './agent.ts';

/** Two synthetic residents of one household in 追手町, imported through the registry's CSV importer. */
export async function importTwoResidents(database: Database): Promise<void> {
  const csv = [
    '世帯番号,住民票コード,氏名,フリガナ,生年月日,性別,続柄,町名,番地,電話番号',
    'H-TEST-0001,90000000001,鶴ヶ 一郎,ツルガ イチロウ,1975-05-05,男,世帯主,追手町,1-1,0242-00-0001',
    'H-TEST-0001,90000000002,鶴ヶ 二葉,ツルガ フタバ,1978-08-08,女,妻,追手町,1-1,0242-00-0002',
  ].join('\n');
  const report = await importRegistryCsv(database.db, csv);
  if (report.errors.length > 0) throw new Error(`test residents did not import: ${JSON.stringify(report.errors)}`);
}

export const ICHIRO = { familyNameKana: 'ツルガ', givenNameKana: 'イチロウ', birthDate: '1975-05-05', pin: '1234' };
export const FUTABA = { familyNameKana: 'ツルガ', givenNameKana: 'フタバ', birthDate: '1978-08-08', pin: '1234' };

/** Verifies the signed-in account as a resident through the demo card verifier. */
export async function verifyAs(agent: Agent, claim: typeof ICHIRO): Promise<void> {
  const response = await agent.request('/api/identity/me/verification', { json: claim });
  if (response.status !== 200) throw new Error(`verification failed: ${response.status} ${await response.text()}`);
}
