/**
 * Data categories a service may ask for, each consented to separately. The ids are stable:
 * they appear in consent records, receipts, OAuth scopes (`tsunagu:<id>`) and the access log.
 */
export const DATA_CATEGORIES = [
  {
    id: 'basic_attributes',
    short: { ja: '基本属性', en: 'basic attributes' },
    ja: '基本属性（性別・生年・居住市町村）',
    en: 'Basic attributes (gender, birth year, municipality)',
    direction: 'read',
  },
  {
    id: 'basic_four',
    short: { ja: '基本4情報', en: 'basic four items' },
    ja: '基本4情報（氏名・住所・生年月日・性別）',
    en: 'Basic four items (name, address, date of birth, sex)',
    direction: 'read',
  },
  { id: 'contact', short: { ja: '連絡先', en: 'contact details' }, ja: '連絡先', en: 'Contact details', direction: 'read' },
  { id: 'household', short: { ja: '世帯情報', en: 'household information' }, ja: '世帯情報', en: 'Household information', direction: 'read' },
  { id: 'family', short: { ja: '家族', en: 'family' }, ja: '家族', en: 'Family', direction: 'read' },
  { id: 'location', short: { ja: '位置情報', en: 'location' }, ja: '位置情報', en: 'Location', direction: 'read' },
  {
    id: 'support_needed',
    short: { ja: '要支援者情報', en: 'support-needed information' },
    ja: '要支援者情報',
    en: 'Support-needed information',
    direction: 'read',
  },
  { id: 'lifelog', short: { ja: 'ライフログ', en: 'lifelog' }, ja: 'ライフログ（バイタル）', en: 'Lifelog (vital signs)', direction: 'read-write' },
  {
    id: 'clinical',
    short: { ja: '処方・検査結果', en: 'prescriptions and lab results' },
    ja: '処方・検査結果',
    en: 'Prescriptions and lab results',
    direction: 'read-write',
  },
  { id: 'payment_results', short: { ja: '決済結果', en: 'payment results' }, ja: '決済結果', en: 'Payment results', direction: 'write' },
  { id: 'safety_status', short: { ja: '安否情報', en: 'safety status' }, ja: '安否情報', en: 'Safety status', direction: 'write' },
] as const;

export type DataCategory = (typeof DATA_CATEGORIES)[number]['id'];
export type CategoryDirection = (typeof DATA_CATEGORIES)[number]['direction'];

export const CATEGORY_IDS: readonly DataCategory[] = DATA_CATEGORIES.map((c) => c.id);

export function isDataCategory(value: string): value is DataCategory {
  return (CATEGORY_IDS as readonly string[]).includes(value);
}

/** Everything known about one category. */
export function categoryInfo(id: DataCategory): (typeof DATA_CATEGORIES)[number] {
  const found = DATA_CATEGORIES.find((c) => c.id === id);
  if (!found) throw new Error(`unknown category ${id}`);
  return found;
}

export function categoryLabel(id: DataCategory): { ja: string; en: string } {
  const { ja, en } = categoryInfo(id);
  return { ja, en };
}

/** The short name used in sentences such as 「会津コインが 決済結果 を 記録しました」. */
export const categoryShortLabel = (id: DataCategory): { ja: string; en: string } => categoryInfo(id).short;

/** The OAuth scope that stands for a category. */
export const scopeFor = (category: DataCategory) => `tsunagu:${category}`;

export function categoryOfScope(scope: string): DataCategory | undefined {
  const id = scope.startsWith('tsunagu:') ? scope.slice('tsunagu:'.length) : '';
  return isDataCategory(id) ? id : undefined;
}
