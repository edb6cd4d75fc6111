/**
 * The location rules: rules/*.yaml plus the country names of i18n-iso-countries, loaded and
 * checked once at module load and compiled into lookup maps keyed by phrase key (see
 * location-text.ts). Bad data (an unknown country code, a file without its header) throws here,
 * so a broken rules file fails the first test that imports it.
 */
import { readFileSync } from 'node:fs';
import countries from 'i18n-iso-countries';
import YAML from 'yaml';
import { isCountryCode } from '../../vocab/vocab.ts';
import { phraseKey } from './location-text.ts';

export interface CloudCandidate {
  provider: string;
  country: string;
}

export interface AmbiguousRule {
  name: string;
  candidates: string[];
  default: string | null;
  /** When the same text names a place in this country, it wins over `default`. */
  contextCountry: string | null;
}

export type PhraseEntry =
  | { kind: 'country'; country: string }
  | { kind: 'region'; region: string }
  | { kind: 'vague' }
  | { kind: 'filler' }
  | { kind: 'conjunction' }
  | { kind: 'provider'; provider: string }
  | { kind: 'cloud'; candidates: CloudCandidate[] }
  | { kind: 'ambiguous'; rule: AmbiguousRule };

export type ZoneSuffix = 'letter' | 'dash-letter' | 'dash-digit' | 'digits';

export interface CloudProvider {
  id: string;
  name: string;
  source: string;
  zoneSuffixes: ZoneSuffix[];
  regions: Map<string, string>;
}

/** The header every rules file starts with. */
export interface RuleFileHeader {
  file: string;
  source: string;
  retrieved: string;
  version: number;
}

/** A trie over token keys: matching walks it token by token and keeps the longest entry seen. */
export interface PhraseNode {
  entry?: PhraseEntry;
  next?: Map<string, PhraseNode>;
}

export interface LocationRules {
  headers: RuleFileHeader[];
  /** Phrase key ("korea , republic of") → meaning. */
  phrases: Map<string, PhraseEntry>;
  /** The same phrases as a trie, for matching. */
  trie: PhraseNode;
  providers: CloudProvider[];
  /** Codes and labels that count only when their provider is named ("fra", "GRA", "East Asia"). */
  contextCodes: Map<string, CloudCandidate[]>;
  /** ISO 3166-1 alpha-3 → alpha-2. */
  alpha3: Map<string, string>;
  /** State/province abbreviation (upper case) → countries it belongs to. */
  subdivisionCodes: Map<string, string[]>;
}

type Doc = Record<string, unknown>;
const RULES_DIR = new URL('./rules/', import.meta.url);

function fail(file: string, message: string): never {
  throw new Error(`location rules ${file}: ${message}`);
}

function readRuleFile(file: string, headers: RuleFileHeader[]): Doc {
  const doc: unknown = YAML.parse(readFileSync(new URL(file, RULES_DIR), 'utf8'));
  if (!doc || typeof doc !== 'object') fail(file, 'not a YAML mapping');
  const d = doc as Doc;
  const retrieved = d.retrieved instanceof Date ? d.retrieved.toISOString().slice(0, 10) : d.retrieved;
  if (typeof d.source !== 'string' || !d.source) fail(file, 'source: missing');
  if (typeof retrieved !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(retrieved)) fail(file, 'retrieved: must be a date (YYYY-MM-DD)');
  if (typeof d.version !== 'number') fail(file, 'version: must be a number');
  headers.push({ file, source: d.source, retrieved, version: d.version });
  return d;
}

function strings(file: string, field: string, value: unknown): string[] {
  if (value == null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.trim())) fail(file, `${field}: must be a list of names`);
  return value as string[];
}

function country(file: string, field: string, code: unknown): string {
  if (typeof code !== 'string' || !isCountryCode(code)) fail(file, `${field}: '${String(code)}' is not an ISO 3166-1 alpha-2 code`);
  return code;
}

function mapping(file: string, field: string, value: unknown): Doc {
  if (value == null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) fail(file, `${field}: must be a mapping`);
  return value as Doc;
}

const ZONE_SUFFIXES: readonly ZoneSuffix[] = ['letter', 'dash-letter', 'dash-digit', 'digits'];

/** Loads and compiles every rules file. Exported for tests; callers use locationRules(). */
export function loadLocationRules(): LocationRules {
  const headers: RuleFileHeader[] = [];
  const phrases = new Map<string, PhraseEntry>();
  const put = (name: string, entry: PhraseEntry) => {
    const key = phraseKey(name);
    if (key) phrases.set(key, entry);
  };

  // Lowest priority first: later sources override earlier ones for the same phrase.
  const fillers = readRuleFile('fillers.yaml', headers);
  for (const n of strings('fillers.yaml', 'fillers', fillers.fillers)) put(n, { kind: 'filler' });
  for (const n of strings('fillers.yaml', 'conjunctions', fillers.conjunctions)) put(n, { kind: 'conjunction' });

  // i18n-iso-countries: every English name and alternative; a name given to two countries is ambiguous.
  const byName = new Map<string, Set<string>>();
  for (const [code, names] of Object.entries(countries.getNames('en', { select: 'all' }))) {
    for (const n of names) {
      const key = phraseKey(n);
      byName.set(key, (byName.get(key) ?? new Set()).add(code));
    }
  }
  for (const [key, codes] of byName) {
    const list = [...codes];
    phrases.set(key, list.length === 1
      ? { kind: 'country', country: list[0] }
      : { kind: 'ambiguous', rule: { name: key, candidates: list, default: null, contextCountry: null } });
  }

  const cities = readRuleFile('cities.yaml', headers);
  const subdivisionCodes = new Map<string, string[]>();
  for (const [code, names] of Object.entries(mapping('cities.yaml', 'places', cities.places))) {
    const c = country('cities.yaml', 'places', code);
    for (const n of strings('cities.yaml', `places.${code}`, names)) put(n, { kind: 'country', country: c });
  }
  for (const [code, sub] of Object.entries(mapping('cities.yaml', 'subdivisions', cities.subdivisions))) {
    const c = country('cities.yaml', 'subdivisions', code);
    const s = mapping('cities.yaml', `subdivisions.${code}`, sub);
    for (const n of strings('cities.yaml', `subdivisions.${code}.names`, s.names)) put(n, { kind: 'country', country: c });
    for (const a of strings('cities.yaml', `subdivisions.${code}.abbreviations`, s.abbreviations)) {
      if (!/^[A-Z]{2,3}$/.test(a)) fail('cities.yaml', `subdivisions.${code}.abbreviations: '${a}' must be 2–3 upper-case letters`);
      subdivisionCodes.set(a, [...(subdivisionCodes.get(a) ?? []), c]);
    }
  }

  const variants = readRuleFile('country-variants.yaml', headers);
  for (const [code, names] of Object.entries(mapping('country-variants.yaml', 'variants', variants.variants))) {
    const c = country('country-variants.yaml', 'variants', code);
    for (const n of strings('country-variants.yaml', `variants.${code}`, names)) put(n, { kind: 'country', country: c });
  }

  const { providers, contextCodes } = loadCloudRegions(readRuleFile('cloud-regions.yaml', headers), phrases, put);

  const regions = readRuleFile('regions.yaml', headers);
  for (const [region, names] of Object.entries(mapping('regions.yaml', 'regions', regions.regions))) {
    for (const n of strings('regions.yaml', `regions.${region}`, names)) put(n, { kind: 'region', region });
  }

  const vague = readRuleFile('vague-locations.yaml', headers);
  for (const n of strings('vague-locations.yaml', 'vague', vague.vague)) put(n, { kind: 'vague' });

  const ambiguous = readRuleFile('ambiguous-locations.yaml', headers);
  if (!Array.isArray(ambiguous.ambiguous)) fail('ambiguous-locations.yaml', 'ambiguous: must be a list');
  for (const a of ambiguous.ambiguous as Doc[]) {
    const f = 'ambiguous-locations.yaml';
    if (typeof a?.name !== 'string') fail(f, 'ambiguous: every entry needs a name');
    const candidates = strings(f, `${a.name}.candidates`, a.candidates).map((c) => country(f, `${a.name}.candidates`, c));
    const rule: AmbiguousRule = {
      name: a.name,
      candidates,
      default: a.default == null ? null : country(f, `${a.name}.default`, a.default),
      contextCountry: a.contextCountry == null ? null : country(f, `${a.name}.contextCountry`, a.contextCountry),
    };
    put(a.name, { kind: 'ambiguous', rule });
  }

  const trie: PhraseNode = {};
  for (const [key, entry] of phrases) {
    let node = trie;
    for (const word of key.split(' ')) {
      node.next ??= new Map();
      let child = node.next.get(word);
      if (!child) node.next.set(word, (child = {}));
      node = child;
    }
    node.entry = entry;
  }
  const alpha3 = new Map(Object.entries(countries.getAlpha3Codes()));
  return { headers, phrases, trie, providers, contextCodes, alpha3, subdivisionCodes };
}

function loadCloudRegions(doc: Doc, phrases: Map<string, PhraseEntry>, put: (name: string, e: PhraseEntry) => void) {
  const f = 'cloud-regions.yaml';
  if (!Array.isArray(doc.providers)) fail(f, 'providers: must be a list');
  const providers: CloudProvider[] = [];
  const contextCodes = new Map<string, CloudCandidate[]>();
  const addCandidate = (map: Map<string, CloudCandidate[]>, key: string, c: CloudCandidate) => map.set(key, [...(map.get(key) ?? []), c]);
  const cloudCodes = new Map<string, CloudCandidate[]>();
  for (const p of doc.providers as Doc[]) {
    if (typeof p?.id !== 'string' || typeof p.name !== 'string') fail(f, 'providers: every provider needs an id and a name');
    const id = p.id;
    if (typeof p.source !== 'string' || !/^https:\/\//.test(p.source)) fail(f, `${id}.source: must be the provider's https URL`);
    const zoneSuffixes = strings(f, `${id}.zoneSuffixes`, p.zoneSuffixes) as ZoneSuffix[];
    for (const z of zoneSuffixes) if (!ZONE_SUFFIXES.includes(z)) fail(f, `${id}.zoneSuffixes: unknown '${z}'`);
    const regions = new Map<string, string>();
    for (const [code, c] of Object.entries(mapping(f, `${id}.regions`, p.regions))) {
      const cc = country(f, `${id}.regions.${code}`, c);
      regions.set(phraseKey(code), cc);
      addCandidate(cloudCodes, phraseKey(code), { provider: id, country: cc });
    }
    for (const [label, c] of Object.entries(mapping(f, `${id}.labels`, p.labels))) {
      addCandidate(cloudCodes, phraseKey(label), { provider: id, country: country(f, `${id}.labels.${label}`, c) });
    }
    for (const [code, c] of Object.entries(mapping(f, `${id}.contextOnly`, p.contextOnly))) {
      addCandidate(contextCodes, phraseKey(code), { provider: id, country: country(f, `${id}.contextOnly.${code}`, c) });
    }
    for (const n of strings(f, `${id}.names`, p.names)) put(n, { kind: 'provider', provider: id });
    providers.push({ id, name: p.name, source: p.source, zoneSuffixes, regions });
  }
  for (const [key, candidates] of cloudCodes) phrases.set(key, { kind: 'cloud', candidates });
  return { providers, contextCodes };
}

/** The compiled rules, built once when the module loads. */
let loaded: LocationRules | null = null;

/**
 * The compiled rules, read on first use: reading and compiling the YAML takes a few hundred
 * milliseconds, which server start-up and unrelated CLI commands should not pay.
 */
export function locationRules(): LocationRules {
  return (loaded ??= loadLocationRules());
}
