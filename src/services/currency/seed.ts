import type { ModuleContext } from '@lib/module.ts';
import { serviceKit } from '@lib/service-kit/index.ts';
import { currencyOf } from './currency.ts';
import { currencyManifest } from './manifest.ts';
import { campaignSql, currencySql } from './repository.ts';

const DEMO_PASSWORD = 'tsunagu-demo-2026';
export const DEMO_SHOP = { name: 'あいづ茶屋（デモ店舗）', staticCode: 'TSG-DEMO-CHAYA', owner: 'shop@demo.tsunagu.example' };
export const DEMO_STAFF = 'counter@demo.tsunagu.example';
/** City staff who run the currency: campaigns (and counter charges). */
export const DEMO_CITY_ADMIN = 'city@demo.tsunagu.example';
/** A farm that invoices the demo shop (B2B), and a school that bills households (学校徴収金). */
export const DEMO_FARM = { name: 'あいづ農園（デモ）', staticCode: 'TSG-DEMO-FARM', owner: 'farm@demo.tsunagu.example' };
export const DEMO_SCHOOL = { name: 'つなぐ小学校（デモ）', staticCode: 'TSG-DEMO-SCHOOL', owner: 'school@demo.tsunagu.example' };
const DEMO_CAMPAIGN = 'あいづプレミアム商品券（デモ）';

/**
 * The currency's part of the demo city, safe to run twice: a demo shop with its owner, a
 * counter staff member, a premium voucher campaign, and taro's wallet charged ¥5,000 from the
 * DEMO bank. People are created through the platform's published sign-up API and signed in
 * through City OS ID, as for any service.
 */
export async function seedCurrencyDemo(context: ModuleContext, progress: (message: string) => void): Promise<void> {
  try {
    await seed(context, progress);
  } catch (error) {
    // The demo is a convenience: a city whose sign-in pages the seed cannot walk (e.g. behind
    // an https BASE_URL it cannot reach in-process) still starts, without the currency demo.
    context.log.warn({ err: error }, 'currency demo not seeded');
    progress(`currency: demo not seeded (${error instanceof Error ? error.message : String(error)})`);
  }
}

async function seed(context: ModuleContext, progress: (message: string) => void): Promise<void> {
  const kit = serviceKit(context, currencyManifest);
  const currency = currencyOf(context);
  const db = currency.core.db;
  const base = context.config.baseUrl;
  const account = async (email: string, displayName: string) => {
    const response = await context.platformFetch(`${base}/api/identity/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: DEMO_PASSWORD, displayName, kind: 'citizen' }),
    });
    if (response.status !== 201 && response.status !== 409) throw new Error(`currency demo: sign-up of ${email} answered ${response.status}`);
    return kit.signIn(email, DEMO_PASSWORD);
  };

  const owner = await account(DEMO_SHOP.owner, '会津 茶屋店主');
  if (!(await currencySql.businessByCode(db, DEMO_SHOP.staticCode))) {
    await currency.admin.createBusiness({
      name: DEMO_SHOP.name,
      kind: 'shop',
      size: 'small',
      field: 'retail',
      bankAccount: 'デモ銀行 本店 普通 7777777',
      acceptsPoints: true,
      ownerSubject: owner.subject,
      staticCode: DEMO_SHOP.staticCode,
    });
  }
  const staff = await account(DEMO_STAFF, '市役所 窓口担当');
  await currency.admin.setStaff(staff.subject, 'counter');
  const cityAdmin = await account(DEMO_CITY_ADMIN, '市役所 地域通貨担当');
  await currency.admin.setStaff(cityAdmin.subject, 'admin');
  const others = [
    { ...DEMO_FARM, kind: 'business' as const, field: 'food_agri', ownerName: '会津 農園主', bankAccount: 'デモ銀行 本店 普通 8888888' },
    { ...DEMO_SCHOOL, kind: 'school' as const, field: 'education', ownerName: 'つなぐ小学校 事務', bankAccount: 'デモ銀行 本店 普通 9999999' },
  ];
  for (const { owner: email, ownerName, ...business } of others) {
    const member = await account(email, ownerName);
    if (await currencySql.businessByCode(db, business.staticCode)) continue;
    await currency.admin.createBusiness({ ...business, size: 'small', ownerSubject: member.subject });
  }

  if (!(await campaignSql.byName(db, DEMO_CAMPAIGN))) {
    const now = new Date();
    const expires = new Date(now);
    expires.setUTCMonth(expires.getUTCMonth() + 5);
    await currency.programs.createCampaign({
      name: DEMO_CAMPAIGN,
      price: 10_000,
      faceValue: 12_500,
      smallShopPart: 5_000,
      perPersonLimit: 2,
      saleStarts: now,
      saleEnds: new Date(now.getTime() + 60 * 86_400_000),
      expiresAt: expires,
      funding: 1_000_000,
    });
  }

  const taro = await kit.signIn('taro@demo.tsunagu.example', DEMO_PASSWORD);
  await currency.wallet.linkBank(taro.subject, 'デモ銀行', '1234567');
  // The same key every time: a second seed replays the first charge instead of charging again.
  await currency.wallet.charge(taro.subject, 'demo-seed-charge-taro', 5_000);
  progress(
    `currency: demo shop ${DEMO_SHOP.name} (QR ${DEMO_SHOP.staticCode}), a farm, a school, city staff, campaign, taro's wallet charged from the DEMO bank`,
  );
}
