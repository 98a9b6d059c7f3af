import { isRecord, parseLocalizedText, type LocalizedText } from './fetchJson';

/** One entry of `GET /api/catalog/modules`. */
export type CatalogModule = {
  name: string;
  kind: 'platform' | 'service';
  title: LocalizedText;
  available: boolean;
  /** Path of the module's page in the web app, or null when it has none yet. */
  portal: string | null;
  openapi: string | null;
};

export const catalogModulesUrl = '/api/catalog/modules';

function parseModule(value: unknown): CatalogModule | null {
  if (!isRecord(value) || typeof value.name !== 'string') return null;
  const kind = value.kind === 'platform' || value.kind === 'service' ? value.kind : null;
  const title = parseLocalizedText(value.title);
  if (kind === null || title === null || typeof value.available !== 'boolean') return null;
  return {
    name: value.name,
    kind,
    title,
    available: value.available,
    portal: isSafeLocalPath(value.portal) ? value.portal : null,
    openapi: typeof value.openapi === 'string' ? value.openapi : null,
  };
}

/** Only same-origin absolute paths become links; never `//host` or `javascript:`. */
function isSafeLocalPath(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//');
}

/** Parses the catalog body, skipping entries it does not understand. */
export function parseCatalogModules(body: unknown): CatalogModule[] | null {
  if (!isRecord(body) || !Array.isArray(body.modules)) return null;
  return body.modules.map(parseModule).filter((module): module is CatalogModule => module !== null);
}

/** A module's portal if it can be linked to right now, otherwise null. */
export function availablePortal(modules: readonly CatalogModule[], name: string): string | null {
  const module = modules.find((candidate) => candidate.name === name);
  return module?.available === true && module.portal !== null ? module.portal : null;
}
