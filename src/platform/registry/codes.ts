/**
 * Code lists of the resident registry. The database stores the code; people read the
 * Japanese label (住民票 wording) or the English one. CSV files may use either code or label.
 */

/** 性別 as the 住民票 records it: 男 or 女. */
export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];
export const SEX_LABELS: Record<Sex, { ja: string; en: string }> = {
  male: { ja: '男', en: 'male' },
  female: { ja: '女', en: 'female' },
};

/** 続柄: the relationship of a household member to the 世帯主. */
export const RELATIONSHIPS = [
  'head',
  'wife',
  'husband',
  'child',
  'child_wife',
  'child_husband',
  'father',
  'mother',
  'grandchild',
  'grandfather',
  'grandmother',
  'elder_brother',
  'elder_sister',
  'younger_brother',
  'younger_sister',
  'cohabitant',
  'other',
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];
export const RELATIONSHIP_LABELS: Record<Relationship, { ja: string; en: string }> = {
  head: { ja: '世帯主', en: 'head of household' },
  wife: { ja: '妻', en: 'wife' },
  husband: { ja: '夫', en: 'husband' },
  child: { ja: '子', en: 'child' },
  child_wife: { ja: '子の妻', en: "child's wife" },
  child_husband: { ja: '子の夫', en: "child's husband" },
  father: { ja: '父', en: 'father' },
  mother: { ja: '母', en: 'mother' },
  grandchild: { ja: '孫', en: 'grandchild' },
  grandfather: { ja: '祖父', en: 'grandfather' },
  grandmother: { ja: '祖母', en: 'grandmother' },
  elder_brother: { ja: '兄', en: 'elder brother' },
  elder_sister: { ja: '姉', en: 'elder sister' },
  younger_brother: { ja: '弟', en: 'younger brother' },
  younger_sister: { ja: '妹', en: 'younger sister' },
  cohabitant: { ja: '同居人', en: 'cohabitant' },
  other: { ja: 'その他', en: 'other' },
};

/** Where a person stands in the registry; former residents stay on record (除票). */
export const PERSON_STATUSES = ['resident', 'moved_out', 'deceased'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

/** Why a person is on the 避難行動要支援者 list (support-needed in an evacuation). */
export const SUPPORT_CATEGORIES = [
  'elderly_alone',
  'elderly_household',
  'care_level_3_plus',
  'physical_disability',
  'intellectual_disability',
  'mental_disability',
  'intractable_disease',
  'other',
] as const;
export type SupportCategory = (typeof SUPPORT_CATEGORIES)[number];
export const SUPPORT_CATEGORY_LABELS: Record<SupportCategory, { ja: string; en: string }> = {
  elderly_alone: { ja: '一人暮らし高齢者', en: 'elderly person living alone' },
  elderly_household: { ja: '高齢者のみ世帯', en: 'household of elderly people only' },
  care_level_3_plus: { ja: '要介護3以上', en: 'long-term care level 3 or higher' },
  physical_disability: { ja: '身体障害', en: 'physical disability' },
  intellectual_disability: { ja: '知的障害', en: 'intellectual disability' },
  mental_disability: { ja: '精神障害', en: 'mental disability' },
  intractable_disease: { ja: '難病', en: 'intractable disease' },
  other: { ja: 'その他', en: 'other' },
};

/** A relative outside the household: "related person is the person's …". */
export const FAMILY_RELATIONS = ['parent', 'child', 'sibling', 'spouse', 'grandparent', 'grandchild', 'other'] as const;
export type FamilyRelation = (typeof FAMILY_RELATIONS)[number];
export const FAMILY_RELATION_LABELS: Record<FamilyRelation, { ja: string; en: string }> = {
  parent: { ja: '親', en: 'parent' },
  child: { ja: '子', en: 'child' },
  sibling: { ja: '兄弟姉妹', en: 'sibling' },
  spouse: { ja: '配偶者', en: 'spouse' },
  grandparent: { ja: '祖父母', en: 'grandparent' },
  grandchild: { ja: '孫', en: 'grandchild' },
  other: { ja: 'その他の親族', en: 'other relative' },
};

/** The same link seen from the related person's side. */
export const INVERSE_FAMILY_RELATION: Record<FamilyRelation, FamilyRelation> = {
  parent: 'child',
  child: 'parent',
  sibling: 'sibling',
  spouse: 'spouse',
  grandparent: 'grandchild',
  grandchild: 'grandparent',
  other: 'other',
};

/** 異動: a change the registry records with its effective date. */
export const CHANGE_KINDS = ['move_in', 'move_out', 'birth', 'death', 'address_change', 'household_change'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_KIND_LABELS: Record<ChangeKind, { ja: string; en: string }> = {
  move_in: { ja: '転入', en: 'moved in' },
  move_out: { ja: '転出', en: 'moved out' },
  birth: { ja: '出生', en: 'birth' },
  death: { ja: '死亡', en: 'death' },
  address_change: { ja: '転居', en: 'address change' },
  household_change: { ja: '世帯変更', en: 'household change' },
};

/** Looks a value up by code, Japanese label or English label. */
export function codeFromLabel<C extends string>(labels: Record<C, { ja: string; en: string }>, value: string): C | undefined {
  const wanted = value.trim();
  for (const [code, label] of Object.entries(labels) as [C, { ja: string; en: string }][]) {
    if (code === wanted || label.ja === wanted || label.en.toLowerCase() === wanted.toLowerCase()) return code;
  }
  return undefined;
}
