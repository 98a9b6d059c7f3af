import { isRecord, parseLocalizedText, type LocalizedText } from './fetchJson';

/** `GET /api/registry/municipality`: the city this Tsunagu instance serves. */
export type Municipality = {
  /** Local government code (全国地方公共団体コード), e.g. "072028". */
  code: string;
  prefecture: LocalizedText;
  name: LocalizedText;
  nameKana: string | null;
};

export const municipalityUrl = '/api/registry/municipality';

export function parseMunicipality(body: unknown): Municipality | null {
  if (!isRecord(body) || typeof body.code !== 'string') return null;
  const prefecture = parseLocalizedText(body.prefecture);
  const name = parseLocalizedText(body.name);
  if (prefecture === null || name === null) return null;
  return {
    code: body.code,
    prefecture,
    name,
    nameKana: typeof body.nameKana === 'string' ? body.nameKana : null,
  };
}
