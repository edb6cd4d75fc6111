/**
 * The transfer engine's rule data (rules/*.yaml), one file per exporter regime: EU/EEA (the
 * Directive, then the GDPR), the United Kingdom (UK GDPR) and Switzerland (FADP), plus the
 * international organisations that can be destinations. Types, loading and date lookups only.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { countryName, TRANSFER_MECHANISMS } from '../vocab/vocab.ts';

/** The law an exporter transfers under: its own regime, or the EU's when asked for (GDPR Art 3(2)). */
export const REGIMES = ['eu', 'uk', 'ch'] as const;
export type Regime = (typeof REGIMES)[number];

export const REGIME_LABELS: Record<Regime, string> = { eu: 'EU/EEA rules', uk: 'UK rules', ch: 'Swiss rules' };

/**
 * Mechanisms a flow may name: the registry's, plus the older EU clauses (2001, 2002, 2004) and the
 * UK's own tools, which only a single assessment (CLI, API) names.
 */
export const FLOW_MECHANISMS = [...TRANSFER_MECHANISMS, 'scc-2001', 'scc-2002', 'scc-2004', 'uk-idta', 'uk-addendum'] as const;
export type FlowMechanism = (typeof FLOW_MECHANISMS)[number];

interface Dated { from?: string; until?: string }
export interface LawRule extends Dated { id: string; name: string; area?: string; adequacy: string; note?: string; noteUntil?: string }
export interface AreaRule extends Dated { id: string; countries: string[]; reason?: string; fact?: string; exporter?: boolean }
export interface AdequacyRule extends Dated { id: string; countries: string[]; instrument: string; scope?: 'dpf' | 'commercial'; warning?: string; fact?: string }
export interface MechanismRule extends Dated {
  id: string;
  kind: 'adequacy' | 'safeguard' | 'derogation';
  countries?: string[];
  instrument: string;
  warning?: string;
  fact?: string;
  /** A warning from a day on: the conditions a transitional rule sets. */
  late?: { from: string; warning: string };
}
export interface RegimeRules {
  version: string;
  checked: string;
  regime: Regime;
  name: string;
  laws: LawRule[];
  domestic?: { countries: string[]; reason: string; fact: string };
  area: AreaRule[];
  outside: Array<Dated & { countries: string[]; note: string }>;
  adequacy: AdequacyRule[];
  mechanisms: Partial<Record<FlowMechanism, MechanismRule[]>>;
  unavailable?: Partial<Record<FlowMechanism, string>>;
}

const cache = new Map<string, unknown>();
// YAML 1.2: dates stay YYYY-MM-DD strings, and NO stays Norway.
const load = <T>(file: string): T => {
  if (!cache.has(file)) cache.set(file, parse(readFileSync(new URL(`./rules/${file}`, import.meta.url), 'utf8')));
  return cache.get(file) as T;
};

/** The rule data of one regime, read on first use. */
export const regimeRules = (regime: Regime): RegimeRules => load<RegimeRules>(`${regime}.yaml`);

/** International organisations that can be destinations, by code (`IO-EPO`). */
export const organisations = (): Record<string, { name: string }> => load<{ organisations: Record<string, { name: string }> }>('organisations.yaml').organisations;

export const isOrganisationCode = (code: string): boolean => Object.hasOwn(organisations(), code);

/** A destination's name: a country's English name, or an international organisation's. */
export const destinationName = (code: string): string => organisations()[code]?.name ?? countryName(code);

/** Whether a rule applies on `date` (YYYY-MM-DD): from inclusive, until exclusive. */
export const inForce = (r: Dated, date: string): boolean => (!r.from || String(r.from) <= date) && (!r.until || date < String(r.until));

/** The law of the regime on `date`, if the rule data covers it. */
export const lawOn = (rules: RegimeRules, date: string): LawRule | undefined => rules.laws.find((l) => inForce(l, date));

/** The EU area entry that puts `country` inside on `date` (Member State, EEA, EU territory, UK periods). */
export function euAreaEntry(country: string, date: string, o: { asExporter?: boolean } = {}): AreaRule | undefined {
  return regimeRules('eu').area.find((a) => a.countries.includes(country) && inForce(a, date) && !(o.asExporter && a.exporter === false));
}

/** The first day each regime's rule data covers. */
export const regimeStart = (regime: Regime): string => String(regimeRules(regime).laws[0].from);

/**
 * The regime an exporter in `from` transfers under on `date`: EU for exporters inside the EU area
 * (a UK exporter before 1 January 2021 included), `uk` and `ch` for exporters in the United Kingdom
 * and Switzerland; `regime` when asked for. An error message (for the field it names) when the
 * combination is not one the engine can assess.
 */
export function resolveRegime(from: string | null, date: string, asked: Regime | null): { regime: Regime; outsider: boolean } | { field: 'from' | 'regime' | 'date'; message: string } {
  const own: Regime | null = from === null || euAreaEntry(from, date, { asExporter: true }) ? 'eu' : from === 'CH' ? 'ch' : from === 'GB' ? 'uk' : null;
  const regime = asked ?? own;
  if (regime === null) {
    return { field: 'from', message: `${from} is outside the EEA, Switzerland and the United Kingdom on ${date}: set regime to eu to assess the transfer under the GDPR, which applies to such an exporter only in the cases of Art 3(2)` };
  }
  if (regime !== 'eu' && regime !== own) {
    return { field: 'regime', message: regime === 'uk' ? 'uk applies to exporters in the United Kingdom (GB) from 1 January 2021' : 'ch applies to exporters in Switzerland (CH)' };
  }
  if (date < regimeStart(regime)) return { field: 'date', message: `${REGIME_LABELS[regime]} are modelled from ${regimeStart(regime)}` };
  return { regime, outsider: regime === 'eu' && own !== 'eu' };
}
