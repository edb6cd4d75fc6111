/**
 * JSON-LD expansion, by hand, for the documents Trustroom writes: an inline @context of prefixes
 * and compact-IRI term definitions with a @type; no @vocab, @base, remote contexts or lists. It
 * follows the JSON-LD 1.1 expansion algorithm for that subset, so a test can check what a JSON-LD
 * processor makes of a document without the `jsonld` package: which node carries the top-level
 * @id, which nodes it reaches, and whether a top-level @graph makes a graph of its own.
 * Like the algorithm, it drops keys that expand to no IRI (terms the context does not define).
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type ExpandedNode = { '@id'?: string; '@type'?: string[]; '@graph'?: ExpandedNode[] } & Record<string, unknown>;

interface Context {
  prefixes: Map<string, string>;
  types: Map<string, string>;
}

function readContext(raw: Json | undefined): Context {
  const prefixes = new Map<string, string>();
  const types = new Map<string, string>();
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') prefixes.set(k, v);
    for (const [k, v] of Object.entries(raw)) {
      if (v && typeof v === 'object' && !Array.isArray(v) && typeof v['@type'] === 'string') types.set(k, v['@type']);
    }
  }
  return { prefixes, types };
}

/** A compact IRI (`dpv:Process`) to an IRI; an absolute IRI as it is; null for an undefined term. */
function expandIri(ctx: Context, value: string): string | null {
  if (value.startsWith('@')) return value;
  const i = value.indexOf(':');
  if (i < 0) return ctx.prefixes.get(value) ?? null;
  const prefix = value.slice(0, i);
  const suffix = value.slice(i + 1);
  if (suffix.startsWith('//')) return value;
  const ns = ctx.prefixes.get(prefix);
  return ns === undefined ? value : ns + suffix;
}

const asArray = (v: Json): Json[] => (Array.isArray(v) ? v : [v]);

function expandValue(ctx: Context, key: string, v: Json): unknown[] {
  return asArray(v).flatMap((item): unknown[] => {
    if (item === null) return [];
    if (typeof item === 'object' && !Array.isArray(item)) return [expandNode(ctx, item)];
    if (Array.isArray(item)) return expandValue(ctx, key, item);
    const type = ctx.types.get(key);
    return [type && typeof item === 'string' ? { '@value': item, '@type': expandIri(ctx, type) } : { '@value': item }];
  });
}

function expandNode(ctx: Context, node: { [k: string]: Json }): ExpandedNode {
  const out: ExpandedNode = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '@context') continue;
    if (k === '@id') out['@id'] = expandIri(ctx, v as string) ?? undefined;
    else if (k === '@type') out['@type'] = asArray(v).map((t) => expandIri(ctx, t as string) as string);
    else if (k === '@graph') out['@graph'] = asArray(v).map((n) => expandNode(ctx, n as { [k: string]: Json }));
    else {
      const iri = expandIri(ctx, k);
      if (iri) out[iri] = [...((out[iri] as unknown[]) ?? []), ...expandValue(ctx, k, v)];
    }
  }
  return out;
}

/**
 * The expanded form of a document, as jsonld.expand gives it: a top-level object holding only
 * @context and @graph gives the graph's nodes (the default graph); any other top-level object is
 * one node, and a @graph inside it is a named graph apart from the default graph.
 */
export function expandJsonLd(doc: unknown): ExpandedNode[] {
  const top = doc as { [k: string]: Json };
  const ctx = readContext(top['@context']);
  const keys = Object.keys(top).filter((k) => k !== '@context');
  if (keys.length === 1 && keys[0] === '@graph') return asArray(top['@graph']).map((n) => expandNode(ctx, n as { [k: string]: Json }));
  return [expandNode(ctx, top)];
}

export const DPV = 'https://w3id.org/dpv#';
export const DCT = 'http://purl.org/dc/terms/';
