/**
 * Normalises the location text of an imported sub-processor list ("USA, Canada", "Frankfurt",
 * "AWS eu-west-2 (London)", "EU") to ISO 3166-1 alpha-2 countries, region markers and warnings.
 * The rule data lives in rules/*.yaml (loaded by location-rules.ts) and no rule is written here.
 *
 * scan-location.ts makes one pass over the tokens, longest phrase first (so "Northern Ireland"
 * is GB, not IE, and "New Mexico" the US state); this file then makes the small fix-ups that
 * need the whole text, and writes the warnings:
 *  - cloud region codes shared by providers take the meaning of the nearest provider named;
 *  - "Dallas, TX": a state abbreviation right after a place in that country belongs to it;
 *  - bare ISO codes ("DE", "IN", "DEU") count only as a whole list item ("DE, FR", "Hosted in IT");
 *  - ambiguous names ("Georgia") take their context country when the text names one.
 */
import { type CloudCandidate, locationRules } from './location-rules.ts';
import { cleanLocationText, tokeniseLocation, type Token } from './location-text.ts';
import { scanLocation, type Item } from './scan-location.ts';

export interface NormalisedLocation {
  countries: string[];
  regions: string[];
  warnings: string[];
}

export interface NormaliseLocationOptions {
  /** Other text about the same record (e.g. the sub-processor's name), read only for provider names. */
  context?: string | null;
}

const MAX_WARNING_TEXT = 60;

const quote = (s: string) => `'${s.length > MAX_WARNING_TEXT ? `${s.slice(0, MAX_WARNING_TEXT - 1)}…` : s}'`;

/**
 * Reads the countries and regions named in a location cell, in order of first appearance.
 * `options.context` (e.g. the sub-processor's name) may name the cloud provider, so that
 * provider-specific codes resolve ("GRA" with context "OVHcloud" is FR).
 * @example normaliseLocation('USA, Canada') // { countries: ['US', 'CA'], regions: [], warnings: [] }
 * @example normaliseLocation('Outscale eu-west-2') // { countries: ['FR'], … }
 */
export function normaliseLocation(raw: string | null | undefined, options: NormaliseLocationOptions = {}): NormalisedLocation {
  const out: NormalisedLocation = { countries: [], regions: [], warnings: [] };
  if (typeof raw !== 'string') return out;
  const text = cleanLocationText(raw);
  if (!text) return out;
  const tokens = tokeniseLocation(text);
  if (!tokens.some((t) => t.isWord)) {
    out.warnings.push(`location ${quote(text)} does not name a country`);
    return out;
  }
  const items = scanLocation(tokens);
  const contextProviders = options.context ? providersIn(scanLocation(tokeniseLocation(cleanLocationText(options.context)))) : [];
  resolveProviderCodes(items, contextProviders);
  attachSubdivisions(items, tokens);
  const groups = listItems(items, tokens);
  acceptBareCodes(groups);
  resolveAmbiguous(items);

  for (const item of items) {
    addOnce(out.countries, item.country);
    addOnce(out.regions, item.region);
  }
  const warnings = new Set<string>();
  for (const group of groups) for (const entry of group) warnAbout(entry, text, tokens, warnings);
  out.warnings = [...warnings];
  if (out.countries.length === 0 && out.regions.length === 0 && out.warnings.length === 0) {
    out.warnings.push(`location ${quote(text)} does not name a country`);
  }
  return out;
}

function addOnce(list: string[], value: string | undefined) {
  if (value && !list.includes(value)) list.push(value);
}

/**
 * Warnings for one list entry: vague words (unless the entry also names a place: "Cloud hosting
 * in Germany"), an unresolved ambiguous name, or nothing recognised at all.
 */
function warnAbout(entry: Item[], text: string, tokens: Token[], warnings: Set<string>) {
  const textOf = (first: Item, last: Item) => quote(text.slice(tokens[first.from].start, tokens[last.to - 1].end));
  const namesPlace = entry.some((i) => i.country || i.region);
  for (const item of entry) {
    if (item.kind === 'vague' && !namesPlace) warnings.add(`location ${textOf(item, item)} does not name a country`);
    else if (item.kind === 'ambiguous' && !item.country && item.rule) {
      warnings.add(`ambiguous location ${textOf(item, item)} (${item.rule.candidates.join(' or ')})`);
    }
  }
  if (entry.length && !entry.some(isKnown)) warnings.add(`unknown location ${textOf(entry[0], entry[entry.length - 1])}`);
}

const isKnown = (i: Item) => i.kind !== 'word' && i.kind !== 'code';

function providersIn(items: Item[]): string[] {
  return items.flatMap((i) => (i.provider ? [i.provider] : []));
}

/** Region codes take the meaning of the nearest provider named; short codes need one named. */
function resolveProviderCodes(items: Item[], contextProviders: string[]) {
  if (contextProviders.length === 0 && !items.some((i) => i.provider)) {
    // Nobody named: shared codes take the first provider's meaning (AWS first in the rules).
    for (const item of items) if (item.candidates) item.country = item.candidates[0].country;
    return;
  }
  const mentions = new Map<string, number[]>();
  for (const i of items) {
    if (!i.provider) continue;
    const at = mentions.get(i.provider);
    if (at) at.push(i.from);
    else mentions.set(i.provider, [i.from]);
  }
  const pick = (at: Item, candidates: CloudCandidate[]): CloudCandidate | undefined => {
    let best: CloudCandidate | undefined;
    let bestDistance = Infinity;
    for (const c of candidates) {
      const distance = nearest(mentions.get(c.provider), at.from);
      if (distance < bestDistance) [best, bestDistance] = [c, distance];
    }
    return best ?? candidates.find((x) => contextProviders.includes(x.provider));
  };
  for (const item of items) {
    if (item.kind === 'provider' || item.kind === 'filler' || item.kind === 'conjunction') continue;
    const short = item.to - item.from <= 2 ? locationRules().contextCodes.get(item.key) : undefined;
    const named = short && pick(item, short);
    if (named) Object.assign(item, { kind: 'cloud', country: named.country, region: undefined, iso: undefined, rule: undefined });
    else if (item.candidates) item.country = (pick(item, item.candidates) ?? item.candidates[0]).country;
  }
}

/** Distance from `at` to the nearest of the sorted positions (Infinity if none). */
function nearest(positions: number[] | undefined, at: number): number {
  if (!positions) return Infinity;
  let lo = 0;
  let hi = positions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo < positions.length ? positions[lo] - at : Infinity, lo > 0 ? at - positions[lo - 1] : Infinity);
}

/** "Dallas, TX", "Sydney, NSW", "Georgia (GA)": an abbreviation right after a place of its country. */
function attachSubdivisions(items: Item[], tokens: Token[]) {
  for (let k = 1; k < items.length; k++) {
    const item = items[k];
    if (item.kind !== 'code' || !item.subdivisionOf) continue;
    const prev = items[k - 1];
    const between = tokens.slice(prev.to, item.from);
    if (!between.every((t) => t.key === ',' || t.key === '(')) continue;
    const country = item.subdivisionOf.find((c) => c === prev.country || c === prev.rule?.contextCountry);
    if (country) Object.assign(item, { kind: 'country', country, iso: undefined });
  }
}

/**
 * The text as list items: groups split by punctuation (, ; / ( ) new line…), each group split
 * by conjunctions (and, or, &, +) into entries, each entry without its fillers.
 */
function listItems(items: Item[], tokens: Token[]): Item[][][] {
  const groups: Item[][][] = [];
  let group: Item[][] = [];
  let entry: Item[] = [];
  let at = 0;
  const closeEntry = () => {
    if (entry.length) group.push(entry);
    entry = [];
  };
  const closeGroup = () => {
    closeEntry();
    if (group.length) groups.push(group);
    group = [];
  };
  for (const item of items) {
    // Only separators lie between items: & and + join entries of a list, the rest end the list.
    for (; at < item.from; at++) {
      if (tokens[at].key === '&' || tokens[at].key === '+') closeEntry();
      else closeGroup();
    }
    at = item.to;
    if (item.kind === 'conjunction') closeEntry();
    else if (item.kind !== 'filler') entry.push(item);
  }
  closeGroup();
  return groups;
}

/** A bare code counts when it is a whole entry of a list whose entries are all places or codes. */
function acceptBareCodes(groups: Item[][][]) {
  for (const group of groups) {
    const clean = group.every((entry) => entry.every(isKnown) || (entry.length === 1 && entry[0].kind === 'code'));
    if (!clean) continue;
    for (const entry of group) {
      const [only] = entry;
      if (entry.length === 1 && only.kind === 'code' && only.iso) Object.assign(only, { kind: 'country', country: only.iso });
    }
  }
}

/** "Georgia" is GE unless the text also names a place in the US ("Atlanta, Georgia"). */
function resolveAmbiguous(items: Item[]) {
  if (!items.some((i) => i.rule)) return;
  // Ambiguous items have no country yet, so this is "the other places named".
  const named = new Set(items.map((i) => i.country));
  for (const item of items) {
    const rule = item.rule;
    if (item.kind !== 'ambiguous' || !rule) continue;
    const inContext = rule.contextCountry !== null && named.has(rule.contextCountry);
    item.country = (inContext ? rule.contextCountry : rule.default) ?? undefined;
  }
}
