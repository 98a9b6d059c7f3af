import type { Relationship, Sex } from '../codes.ts';
import type { Random } from './random.ts';

/**
 * Household shapes of a Japanese regional city, with the share each has (national census
 * figures for cities like Aizuwakamatsu, rounded): about a third live alone, many of them
 * elderly; couples on their own; parents with children; three generations; and a few others.
 */
export type HouseholdKind = 'single' | 'couple' | 'family' | 'single_parent' | 'three_generations' | 'other';

export const HOUSEHOLD_SHARES: readonly (readonly [HouseholdKind, number])[] = [
  ['single', 0.33],
  ['couple', 0.26],
  ['family', 0.16],
  ['single_parent', 0.07],
  ['three_generations', 0.11],
  ['other', 0.07],
];

/** A member to be: age on the reference date, and whether they carry the household's surname. */
export type MemberPlan = {
  relationship: Relationship;
  sex: Sex;
  age: number;
  /** Someone who married in keeps the household's surname; a cohabitant has their own. */
  ownSurname?: boolean;
};

const clampAge = (age: number) => Math.max(0, Math.min(101, age));

/** The elderly living alone: 65 to 97, many of them widows. */
function elderlyAge(random: Random): number {
  return clampAge(65 + Math.floor(random.next() * 33));
}

/** Children of a mother of this age, none older than `oldest`. */
function children(random: Random, motherAge: number, count: number, oldest: number, relationship: Relationship = 'child'): MemberPlan[] {
  const kids: MemberPlan[] = [];
  for (let i = 0; i < count; i++) {
    const age = motherAge - random.int(24, 39);
    if (age < 0 || age > oldest) continue;
    kids.push({ relationship, sex: random.chance(0.51) ? 'male' : 'female', age });
  }
  return kids;
}

function sibling(random: Random, headAge: number): MemberPlan {
  const age = clampAge(headAge + (random.chance(0.5) ? 1 : -1) * random.int(1, 8));
  const sex: Sex = random.chance(0.5) ? 'male' : 'female';
  const older = age > headAge;
  const relationship: Relationship = sex === 'male' ? (older ? 'elder_brother' : 'younger_brother') : older ? 'elder_sister' : 'younger_sister';
  return { relationship, sex, age };
}

/** The members of one household of the given kind, 世帯主 first. */
export function planHousehold(random: Random, kind: HouseholdKind): MemberPlan[] {
  switch (kind) {
    case 'single': {
      const u = random.next();
      if (u < 0.52) return [{ relationship: 'head', sex: random.chance(0.68) ? 'female' : 'male', age: elderlyAge(random) }];
      if (u < 0.74) return [{ relationship: 'head', sex: random.chance(0.55) ? 'male' : 'female', age: random.int(19, 39) }];
      return [{ relationship: 'head', sex: random.chance(0.6) ? 'male' : 'female', age: random.int(40, 64) }];
    }
    case 'couple': {
      const u = random.next();
      // Most couples on their own are past child-rearing: many in their late sixties and seventies.
      const head = u < 0.6 ? 65 + Math.floor(Math.pow(random.next(), 1.3) * 27) : u < 0.9 ? random.int(52, 64) : random.int(24, 40);
      return [
        { relationship: 'head', sex: 'male', age: head },
        { relationship: 'wife', sex: 'female', age: clampAge(head - random.int(-2, 6)) },
      ];
    }
    case 'family': {
      const head = random.int(28, 58);
      const wife = clampAge(head - random.int(-2, 5));
      const count = random.weighted([
        [1, 0.42],
        [2, 0.44],
        [3, 0.14],
      ] as const);
      const kids = children(random, wife, count, 28);
      if (kids.length === 0)
        kids.push({ relationship: 'child', sex: random.chance(0.5) ? 'male' : 'female', age: random.int(0, Math.min(20, wife - 20)) });
      return [{ relationship: 'head', sex: 'male', age: head }, { relationship: 'wife', sex: 'female', age: wife }, ...kids];
    }
    case 'single_parent': {
      const sex: Sex = random.chance(0.85) ? 'female' : 'male';
      const parent = random.int(26, 55);
      const kids = children(random, parent, random.chance(0.55) ? 1 : 2, 24);
      if (kids.length === 0)
        kids.push({ relationship: 'child', sex: random.chance(0.5) ? 'male' : 'female', age: random.int(0, Math.min(18, parent - 20)) });
      return [{ relationship: 'head', sex, age: parent }, ...kids];
    }
    case 'three_generations': {
      if (random.chance(0.55)) {
        // Middle generation heads the household; the grandparents are 父 and 母.
        const head = random.int(40, 60);
        const wife = clampAge(head - random.int(-2, 5));
        const father = clampAge(head + random.int(24, 36));
        const mother = clampAge(father - random.int(0, 5));
        const elders: MemberPlan[] = [];
        if (father <= 96 && random.chance(0.55)) elders.push({ relationship: 'father', sex: 'male', age: father });
        if (elders.length === 0 || random.chance(0.8)) elders.push({ relationship: 'mother', sex: 'female', age: Math.min(mother, 99) });
        const kids = children(
          random,
          wife,
          random.weighted([
            [1, 0.45],
            [2, 0.4],
            [3, 0.15],
          ] as const),
          26,
        );
        return [{ relationship: 'head', sex: 'male', age: head }, { relationship: 'wife', sex: 'female', age: wife }, ...kids, ...elders];
      }
      // The grandparents head it; their son, his wife (子の妻) and their children (孫) live with them.
      const head = random.int(64, 86);
      const members: MemberPlan[] = [{ relationship: 'head', sex: 'male', age: head }];
      if (random.chance(0.8)) members.push({ relationship: 'wife', sex: 'female', age: clampAge(head - random.int(0, 5)) });
      const son = clampAge(head - random.int(25, 35));
      const daughterInLaw = clampAge(son - random.int(-2, 5));
      members.push({ relationship: 'child', sex: 'male', age: son }, { relationship: 'child_wife', sex: 'female', age: daughterInLaw });
      const grandchildren = children(
        random,
        daughterInLaw,
        random.weighted([
          [1, 0.45],
          [2, 0.4],
          [3, 0.15],
        ] as const),
        24,
        'grandchild',
      );
      return [...members, ...grandchildren];
    }
    case 'other': {
      const u = random.next();
      if (u < 0.5) {
        const head = random.int(45, 66);
        return [
          { relationship: 'head', sex: random.chance(0.6) ? 'male' : 'female', age: head },
          { relationship: 'mother', sex: 'female', age: Math.min(99, head + random.int(22, 34)) },
        ];
      }
      if (u < 0.8) {
        const head = random.int(50, 78);
        return [{ relationship: 'head', sex: random.chance(0.5) ? 'male' : 'female', age: head }, sibling(random, head)];
      }
      const head = random.int(25, 45);
      const sex: Sex = random.chance(0.5) ? 'male' : 'female';
      return [
        { relationship: 'head', sex, age: head },
        { relationship: 'cohabitant', sex: sex === 'male' ? 'female' : 'male', age: clampAge(head + random.int(-5, 5)), ownSurname: true },
      ];
    }
  }
}
