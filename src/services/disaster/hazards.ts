/**
 * The eight hazards of the GSI files (指定緊急避難場所), in the files' column order. A site's
 * suitability is a bit mask: bit i set means the site is designated for HAZARDS[i].
 */
export const HAZARDS = [
  { id: 'flood', ja: '洪水', en: 'Flood' },
  { id: 'landslide', ja: '崖崩れ、土石流及び地滑り', en: 'Landslide, debris flow' },
  { id: 'storm_surge', ja: '高潮', en: 'Storm surge' },
  { id: 'earthquake', ja: '地震', en: 'Earthquake' },
  { id: 'tsunami', ja: '津波', en: 'Tsunami' },
  { id: 'large_fire', ja: '大規模な火事', en: 'Large-scale fire' },
  { id: 'inland_flood', ja: '内水氾濫', en: 'Inland flooding' },
  { id: 'volcano', ja: '火山現象', en: 'Volcanic phenomena' },
] as const;

export type Hazard = (typeof HAZARDS)[number]['id'];

export const HAZARD_IDS: readonly Hazard[] = HAZARDS.map((h) => h.id);

export const isHazard = (value: string): value is Hazard => (HAZARD_IDS as readonly string[]).includes(value);

export const hazardBit = (hazard: Hazard): number => 1 << HAZARD_IDS.indexOf(hazard);

export const hazardsOfMask = (mask: number): Hazard[] => HAZARD_IDS.filter((_, i) => (mask & (1 << i)) !== 0);

export const hazardLabel = (hazard: Hazard) => {
  const found = HAZARDS.find((h) => h.id === hazard);
  return { ja: found?.ja ?? hazard, en: found?.en ?? hazard };
};

/** 空き / やや混雑 / 混雑 / 満員 at about 30 / 60 / 80 % of capacity; unknown without a capacity. */
export const CROWDING = [
  { id: 'empty', ja: '空き', en: 'Plenty of room', below: 0.3 },
  { id: 'busy', ja: 'やや混雑', en: 'Somewhat crowded', below: 0.6 },
  { id: 'crowded', ja: '混雑', en: 'Crowded', below: 0.8 },
  { id: 'full', ja: '満員', en: 'Full', below: Infinity },
] as const;

export type Crowding = (typeof CROWDING)[number]['id'] | 'unknown';

export function crowdingOf(occupancy: number, capacity: number | null): { level: Crowding; ja: string; en: string } {
  if (capacity === null || capacity <= 0) return { level: 'unknown', ja: '不明', en: 'Unknown' };
  const ratio = occupancy / capacity;
  const found = CROWDING.find((c) => ratio < c.below) ?? CROWDING[3];
  return { level: found.id, ja: found.ja, en: found.en };
}
