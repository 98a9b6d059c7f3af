import type { ServiceManifest } from '@lib/service-kit/index.ts';

/** How the disaster service presents itself in the City OS service directory. */
export const disasterManifest: ServiceManifest = {
  name: 'disaster',
  clientId: 'tsunagu-disaster',
  title: { ja: 'つなぐ防災', en: 'Tsunagu Disaster Prevention' },
  company: '会津若松市 危機管理課',
  description: {
    ja: '災害時の安否報告、開設避難所への案内、家族との共有、避難行動要支援者の支援',
    en: 'Safety reports in a disaster, guidance to open shelters, sharing with family, support for people who need help to evacuate',
  },
  homepage: '/disaster',
  purposes: [
    { ja: '災害時の安否確認と避難誘導', en: 'Safety confirmation and evacuation guidance in a disaster' },
    { ja: '避難行動要支援者名簿と個別避難計画', en: 'The register of people who need support, and their evacuation plans' },
  ],
  categories: [
    {
      category: 'safety_status',
      required: true,
      reason: { ja: '安否報告を市の安否情報として記録するため', en: 'To record your safety reports as the city’s safety status' },
    },
    {
      category: 'location',
      required: false,
      reason: { ja: '安否報告に現在地を添え、家族と共有するため', en: 'To attach your location to a safety report and share it with family' },
    },
    {
      category: 'support_needed',
      required: false,
      reason: {
        ja: '避難に支援が必要な方の名簿（避難行動要支援者名簿）に載せるため',
        en: 'To put you on the register of people who need support to evacuate',
      },
    },
    {
      category: 'basic_four',
      required: false,
      reason: {
        ja: '要支援者名簿に氏名・住所・生年月日・性別を載せるため',
        en: 'To put your name, address, birth date and sex on the support register',
      },
    },
    {
      category: 'contact',
      required: false,
      reason: { ja: '支援者や市から災害時に連絡するため', en: 'So supporters and the city can reach you in a disaster' },
    },
  ],
};
