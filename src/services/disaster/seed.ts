import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { ModuleContext } from '@lib/module.ts';
import { serviceKit } from '@lib/service-kit/index.ts';
import { disaster } from './container.ts';
import { EventRepository } from './event-repository.ts';
import { disasterManifest } from './manifest.ts';

const DATA = ['aizuwakamatsu-evacuation-sites.csv', 'aizuwakamatsu-shelters.csv'];
const PASSWORD = 'tsunagu-demo-2026';

/** Demo people of the disaster service (synthetic). 星 トメ is the demo registry's resident who needs support. */
export const DISASTER_DEMO_ACCOUNTS = {
  staff: { email: 'bousai@demo.tsunagu.example', displayName: '会津若松市 危機管理課（デモ）' },
  supporter: { email: 'supporter@demo.tsunagu.example', displayName: '近所の支援者（デモ）' },
  supported: {
    email: 'tome@demo.tsunagu.example',
    displayName: '星 トメ',
    verifyAs: { familyNameKana: 'ホシ', givenNameKana: 'トメ', birthDate: '1936-02-11', pin: '1936' },
  },
} as const;

/** Creates an account through the platform's published sign-up API; an existing one is fine. Returns the web session cookie when created. */
async function signUp(context: ModuleContext, email: string, displayName: string): Promise<string | null> {
  const response = await context.platformFetch(`${context.config.baseUrl}/api/identity/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, displayName, kind: 'citizen' }),
  });
  if (response.status === 409) return null;
  if (response.status !== 201) throw new Error(`Demo account ${email} could not be created: ${response.status} ${await response.text()}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? null;
}

/**
 * The demo city's disaster service: the real Aizuwakamatsu shelter files (国土地理院), demo
 * capacities, a disaster-staff account, a supporter, and 星 トメ on the support register with
 * a plan naming the supporter. Safe to run again.
 */
export async function seedDisasterDemo(context: ModuleContext, progress: (message: string) => void): Promise<void> {
  const services = disaster(context);
  for (const name of DATA) {
    const bytes = await fs.readFile(fileURLToPath(new URL(`./data/${name}`, import.meta.url)));
    const report = await services.shelters.importFile(bytes);
    if (report.errors.length > 0) throw new Error(`${name}: ${report.errors[0]?.message ?? 'bad file'}`);
    progress(`disaster: ${name}: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged`);
  }
  // Demo capacities where staff have not set one: 40–310 people, some step-free (deterministic).
  await sql`update disaster.site set capacity = 40 + (coalesce(source_no, 0) % 10) * 30, step_free = (coalesce(source_no, 0) % 3 = 0)
    where municipality = '福島県会津若松市' and kind = 'shelter' and capacity is null`.execute(context.database.db);

  try {
    await seedDemoPeople(context, progress);
  } catch (err) {
    // The shelters are seeded; the demo people need the sign-in pages to work in-process.
    progress(`disaster: demo people not seeded: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Demo staff, supporter and 星 トメ: accounts through the sign-up API, subjects through the kit's sign-in. */
async function seedDemoPeople(context: ModuleContext, progress: (message: string) => void): Promise<void> {
  const services = disaster(context);
  const { staff, supporter, supported } = DISASTER_DEMO_ACCOUNTS;
  await signUp(context, staff.email, staff.displayName);
  await signUp(context, supporter.email, supporter.displayName);
  const tomeSession = await signUp(context, supported.email, supported.displayName);
  if (tomeSession) {
    const verified = await context.platformFetch(`${context.config.baseUrl}/api/identity/me/verification`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: tomeSession },
      body: JSON.stringify(supported.verifyAs),
    });
    if (verified.status !== 200) progress(`disaster: 星 トメ could not be verified (${verified.status}); she stays off the register`);
  }

  const kit = serviceKit(context, disasterManifest);
  const roles = new EventRepository(context.database.db);
  const staffSubject = (await kit.signIn(staff.email, PASSWORD)).subject;
  const supporterSubject = (await kit.signIn(supporter.email, PASSWORD)).subject;
  const tomeSubject = (await kit.signIn(supported.email, PASSWORD)).subject;
  await roles.grantRole(staffSubject, 'staff');
  await roles.grantRole(supporterSubject, 'supporter');
  await roles.updateProfile(staffSubject, { displayName: '危機管理課' });
  await roles.updateProfile(supporterSubject, { displayName: '支援者 佐藤' });
  await roles.updateProfile(tomeSubject, { displayName: '星 トメ' });
  if ((await services.support.refreshPerson(tomeSubject)) === 'registered') {
    const tome = (await services.support.people()).find((p) => p.subject === tomeSubject);
    const { rows } = await sql<{ id: string }>`select id from disaster.site where common_id = 'E0720200006111'`.execute(context.database.db);
    if (tome && !(await services.support.plan(tome.id))) {
      await services.support.savePlan(tome.id, {
        destinationSiteId: rows[0]?.id ?? null,
        routeNotes: '玄関の段差にスロープ板を渡す。車いすで移動、薬を持ち出す。',
        needs: ['wheelchair', 'medication'],
        supporters: [supporterSubject],
      });
    }
  }
  progress('disaster: demo staff bousai@, supporter supporter@, 星 トメ (tome@) on the support register');
}
