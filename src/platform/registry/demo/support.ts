import type { SupportCategory } from '../codes.ts';
import type { PersonRow } from '../tables.ts';
import type { HouseholdKind } from './households.ts';
import { SUPPORT_REASONS } from './names.ts';
import type { Random } from './random.ts';

/** Whole years between a birth date and a day, as ages are counted. */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

/**
 * Puts about 2–3 % of the generated residents on the support-needed list (避難行動要支援者),
 * mostly the very old living alone or with another elderly person, some with care needs or a
 * disability. The fixed demo people keep what docs/registry.md says about them.
 */
export function assignSupport(registry: { persons: PersonRow[] }, kinds: ReadonlyMap<string, HouseholdKind>, random: Random, day: string): void {
  const residents = registry.persons.filter((p) => p.status === 'resident');
  const youngest = new Map<string, number>();
  for (const p of residents) {
    const age = ageOn(p.birth_date, day);
    youngest.set(p.household_id, Math.min(youngest.get(p.household_id) ?? 200, age));
  }
  for (const p of residents) {
    if (p.resident_code.startsWith('90')) continue;
    const age = ageOn(p.birth_date, day);
    const kind = kinds.get(p.household_id);
    const categories: SupportCategory[] = [];
    if (kind === 'single' && age >= 65 && random.chance(age >= 80 ? 0.2 : 0.035)) categories.push('elderly_alone');
    if (kind === 'couple' && age >= 80 && (youngest.get(p.household_id) ?? 0) >= 75 && random.chance(0.1)) categories.push('elderly_household');
    if (age >= 75 && random.chance(categories.length > 0 ? 0.3 : 0.02)) categories.push('care_level_3_plus');
    if (age >= 18 && random.chance(0.005)) categories.push('physical_disability');
    if (age >= 5 && random.chance(0.0015)) categories.push('intellectual_disability');
    if (age >= 18 && random.chance(0.0015)) categories.push('mental_disability');
    if (age >= 18 && random.chance(0.0015)) categories.push('intractable_disease');
    if (categories.length === 0) continue;
    const reasons = categories.slice(0, 2).map((category) => (category === 'other' ? 'その他' : random.pick(SUPPORT_REASONS[category])));
    p.support_needed = true;
    p.support_categories = categories;
    p.support_reason = reasons.join('。');
  }
}
