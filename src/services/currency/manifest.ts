import type { ServiceManifest } from '@lib/service-kit/index.ts';

/** The currency's entry in the City OS service directory. */
export const currencyManifest: ServiceManifest = {
  name: 'currency',
  clientId: 'tsunagu-currency',
  title: { ja: 'あいづ地域通貨', en: 'Aizu regional digital currency' },
  company: 'つなぐ地域通貨運営協議会 (demo)',
  description: {
    ja: '地域のお店で使えるデジタル地域通貨。チャージ、QR決済、プレミアム商品券、つなポン。',
    en: 'A regional digital currency for local shops: charge, QR payments, premium vouchers, volunteer points.',
  },
  homepage: '/wallet',
  purposes: [
    { ja: '地域通貨ウォレットの提供と決済', en: 'Providing the wallet and payments' },
    { ja: '決済結果を都市OSに記録し、地域の施策に活かす', en: 'Recording payment results in the City OS for city policy' },
  ],
  categories: [
    {
      category: 'payment_results',
      required: false,
      reason: {
        ja: '決済の結果（支払先・金額・分野・日時）を都市OSに記録します',
        en: 'Records each payment (payee, amount, field, time) in the City OS',
      },
    },
  ],
};
