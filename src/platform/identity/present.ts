import { categoryLabel, isDataCategory } from '@platform/consent/categories.ts';
import type { AccountRow, ServiceRow } from './repository.ts';

export const presentMe = (a: AccountRow) => ({
  id: a.id,
  email: a.email,
  displayName: a.display_name,
  kind: a.kind,
  assurance: a.assurance,
  verifiedAt: a.verified_at ? a.verified_at.toISOString() : null,
});

export const presentService = (s: ServiceRow) => ({
  clientId: s.client_id,
  name: { ja: s.name_ja, en: s.name_en },
  company: s.company,
  description: { ja: s.description_ja, en: s.description_en },
  purposes: s.purposes,
  categories: s.categories.map((c) => ({
    category: c.category,
    label: isDataCategory(c.category) ? categoryLabel(c.category) : { ja: c.category, en: c.category },
    reason: c.reason,
    required: c.required,
  })),
  homepage: s.homepage,
});
