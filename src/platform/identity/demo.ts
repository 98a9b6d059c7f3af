import type { ModuleContext } from '@lib/module.ts';
import { platformCore } from '../core.ts';
import { IdentityError } from './errors.ts';

/** The demo service: an outside company's app, as `npm run demo:service` runs it on port 8081. */
export const DEMO_SERVICE = {
  clientId: 'demo-service',
  // Public on purpose: the demo is for a laptop. Never register a real service with a known secret.
  clientSecret: 'demo-service-secret-not-for-production',
  redirectUri: 'http://localhost:8081/callback',
  postLogoutRedirectUri: 'http://localhost:8081/',
} as const;

/** Demo citizens: synthetic residents from the demo registry, with known passwords. */
export const DEMO_ACCOUNTS = [
  {
    email: 'taro@demo.tsunagu.example',
    password: 'tsunagu-demo-2026',
    displayName: '会津 太郎',
    kind: 'citizen' as const,
    verifyAs: { familyNameKana: 'アイヅ', givenNameKana: 'タロウ', birthDate: '1980-04-01', pin: '1980' },
  },
  { email: 'visitor@demo.tsunagu.example', password: 'tsunagu-demo-2026', displayName: 'Alex Visitor', kind: 'visitor' as const, verifyAs: null },
];

/** Registers the demo service and the demo accounts; safe to run again. */
export async function seedIdentityDemo(context: ModuleContext, progress: (message: string) => void): Promise<void> {
  const { directory, accounts, identity } = await platformCore(context);
  try {
    await directory.register({
      clientId: DEMO_SERVICE.clientId,
      clientSecret: DEMO_SERVICE.clientSecret,
      name: { ja: 'まちの暮らしナビ（デモ）', en: 'Town Life Navi (demo)' },
      company: 'デモ株式会社（架空）',
      description: {
        ja: '都市OSにつながる外部サービスの見本です。同意した情報だけを使って、手続きの案内を表示します。',
        en: 'A sample outside service connected to the City OS. It shows guidance using only the data you agreed to share.',
      },
      purposes: [{ ja: '住所や世帯に合わせた手続きの案内を表示するため', en: 'To show procedures that fit your address and household' }],
      categories: [
        { category: 'basic_four', reason: { ja: 'ご本人に合った案内を出すため', en: 'To tailor the guidance to you' }, required: true },
        { category: 'contact', reason: { ja: '手続きの期限をお知らせするため', en: 'To remind you of deadlines' }, required: false },
        { category: 'household', reason: { ja: '世帯で必要な手続きを案内するため', en: 'To list procedures your household needs' }, required: false },
      ],
      redirectUris: [DEMO_SERVICE.redirectUri],
      postLogoutRedirectUris: [DEMO_SERVICE.postLogoutRedirectUri],
      homepage: 'http://localhost:8081/',
    });
    progress('identity: demo service registered (client id demo-service)');
  } catch (err) {
    if (!(err instanceof IdentityError && err.code === 'client_id_taken')) throw err;
  }
  for (const demo of DEMO_ACCOUNTS) {
    if (await identity.accountByEmail(demo.email)) continue;
    const account = await accounts.signUp(demo);
    if (demo.verifyAs) await accounts.verify(account.id, demo.verifyAs);
    progress(`identity: demo account ${demo.email}${demo.verifyAs ? ' (card-verified)' : ''}`);
  }
}
