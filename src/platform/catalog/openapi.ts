type OpenApiOperation = { tags?: string[] };
type OpenApiDocument = {
  openapi: string;
  info: Record<string, unknown>;
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
  tags?: { name: string }[];
} & Record<string, unknown>;

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

function hasTag(operation: unknown, tag: string): boolean {
  const tags = (operation as OpenApiOperation | null)?.tags;
  return Array.isArray(tags) && tags.includes(tag);
}

/** Collects the names of every component schema a value references, transitively. */
function referencedSchemas(value: unknown, all: Record<string, unknown>, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) referencedSchemas(item, all, found);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith('#/components/schemas/')) {
        const name = child.slice('#/components/schemas/'.length);
        if (!found.has(name)) {
          found.add(name);
          referencedSchemas(all[name], all, found);
        }
      } else {
        referencedSchemas(child, all, found);
      }
    }
  }
  return found;
}

/** The part of the whole API's document that one module (one tag) publishes. */
export function moduleDocument(whole: OpenApiDocument, tag: string, title: string, description: string): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(whole.paths ?? {})) {
    const operations = Object.entries(item).filter(([method, op]) => METHODS.has(method) && hasTag(op, tag));
    if (operations.length > 0) paths[path] = Object.fromEntries(operations);
  }
  const allSchemas = whole.components?.schemas ?? {};
  const used = referencedSchemas(paths, allSchemas);
  const schemas = Object.fromEntries(Object.entries(allSchemas).filter(([name]) => used.has(name)));
  return {
    ...whole,
    info: { ...whole.info, title, description },
    tags: (whole.tags ?? []).filter((t) => t.name === tag),
    paths,
    components: { ...whole.components, schemas },
  };
}

export type { OpenApiDocument };
