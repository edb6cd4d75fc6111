/**
 * The matching pass of normaliseLocation: walks the tokens once over the phrase trie (longest
 * phrase wins) and turns every word into one item. Tokens no phrase covers become a zone of a
 * known cloud region ("eu-west-1a"), a bare code ("DE", "DEU", "TX") or an unknown word.
 */
import { locationRules, type AmbiguousRule, type CloudCandidate, type PhraseEntry, type ZoneSuffix } from './location-rules.ts';
import type { Token } from './location-text.ts';
import { isCountryCode } from '../../vocab/vocab.ts';

export type ItemKind = 'country' | 'region' | 'vague' | 'filler' | 'conjunction' | 'provider' | 'cloud' | 'ambiguous' | 'code' | 'word';

/** A run of tokens with one meaning. */
export interface Item {
  kind: ItemKind;
  from: number;
  to: number;
  key: string;
  country?: string;
  region?: string;
  provider?: string;
  candidates?: CloudCandidate[];
  rule?: AmbiguousRule;
  /** For a bare code: the country it would be, if it stands alone. */
  iso?: string;
  /** For a bare code: it may also be a state/province abbreviation of these countries. */
  subdivisionOf?: string[];
}

/** Longest-match pass over the phrase trie: every word token ends up in exactly one item. */
export function scanLocation(tokens: Token[]): Item[] {
  const items: Item[] = [];
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i];
    if (!t.isWord) {
      i++;
      continue;
    }
    let entry: PhraseEntry | undefined;
    let length = 0;
    let node = locationRules().trie.next?.get(t.key);
    for (let n = 1; node; n++) {
      if (node.entry && accepts(node.entry, tokens, i, n)) [entry, length] = [node.entry, n];
      node = i + n < tokens.length ? node.next?.get(tokens[i + n].key) : undefined;
    }
    if (!entry) {
      items.push(single(t, i));
      i++;
      continue;
    }
    const item: Item = { kind: entry.kind, from: i, to: i + length, key: length === 1 ? t.key : keyOfRange(tokens, i, i + length) };
    if (entry.kind === 'country') item.country = entry.country;
    else if (entry.kind === 'region') item.region = entry.region;
    else if (entry.kind === 'provider') item.provider = entry.provider;
    else if (entry.kind === 'cloud') item.candidates = entry.candidates;
    else if (entry.kind === 'ambiguous') item.rule = entry.rule;
    items.push(item);
    i += length;
  }
  return items;
}

function keyOfRange(tokens: Token[], from: number, to: number): string {
  let key = tokens[from].key;
  for (let k = from + 1; k < to; k++) key += ` ${tokens[k].key}`;
  return key;
}

/** Whether a phrase may be read from tokens[i..i+n): short names must look like codes. */
function accepts(entry: { kind: string }, tokens: Token[], i: number, n: number): boolean {
  if (n !== 1) return true;
  const t = tokens[i];
  if (entry.kind === 'filler' || entry.kind === 'conjunction') {
    // "IN", "IT", "OR" in upper case are codes, not "in", "it", "or".
    return !(t.isUpper && t.key.length <= 3 && (isCode(t) || locationRules().subdivisionCodes.has(t.raw)));
  }
  // Two-letter names (US, UK, EU, NA) only in upper case or with dots, never the word "us".
  return t.key.length > 2 || t.isUpper || t.isDotted;
}

const isCode = (t: Token) => (t.raw.length === 2 ? isCountryCode(t.raw) : locationRules().alpha3.has(t.raw));

/** A token no phrase covers: a zone of a known region, a bare code, or an unknown word. */
function single(t: Token, i: number): Item {
  const item: Item = { kind: 'word', from: i, to: i + 1, key: t.key };
  const candidates = zoneCandidates(t.key);
  if (candidates.length) return { ...item, kind: 'cloud', candidates };
  if (t.isUpper && (t.raw.length === 2 || t.raw.length === 3)) {
    const iso = t.raw.length === 2 ? (isCountryCode(t.raw) ? t.raw : undefined) : locationRules().alpha3.get(t.raw);
    const subdivisionOf = locationRules().subdivisionCodes.get(t.raw);
    if (iso || subdivisionOf) return { ...item, kind: 'code', iso, subdivisionOf };
  }
  return item;
}

const NO_CANDIDATES: CloudCandidate[] = [];
const ZONE_PATTERNS = { letter: /^(.*\d)[a-z]$/, 'dash-letter': /^(.*)-[a-z]$/, 'dash-digit': /^(.*)-\d+$/, digits: /^([a-z]+)\d+$/ } as const;

/** "eu-west-1a", "europe-west1-b", "fr-par-2", "GRA11": zones and instances of a region. */
function zoneCandidates(key: string): CloudCandidate[] {
  if (!/\d|-/.test(key) || /^\d+$/.test(key)) return NO_CANDIDATES;
  const bases = new Map<ZoneSuffix, string>();
  for (const [style, re] of Object.entries(ZONE_PATTERNS) as [ZoneSuffix, RegExp][]) {
    const m = re.exec(key);
    if (m) bases.set(style, m[1]);
  }
  if (bases.size === 0) return NO_CANDIDATES;
  const found: CloudCandidate[] = [];
  for (const p of locationRules().providers) {
    for (const style of p.zoneSuffixes) {
      const base = bases.get(style);
      if (base === undefined) continue;
      const country = style === 'digits' ? locationRules().contextCodes.get(base)?.find((x) => x.provider === p.id)?.country : p.regions.get(base);
      if (country) found.push({ provider: p.id, country });
    }
  }
  return found;
}
