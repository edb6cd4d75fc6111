import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { invalid } from '../../shared/errors.ts';
import type { PeriodUnit } from './period.ts';

/** The switches of a way of counting (Regulation 1182/71's by default). */
export interface CountingRules {
  excludeEventDay: boolean;
  sameDateElseLastDayOfMonth: boolean;
  rollOverNonWorkingDays: boolean;
  atLeastTwoWorkingDays: boolean;
  nonWorkingWeekdays: Array<'saturday' | 'sunday'>;
}

/** How each clause of a counting method is cited in the steps of a count. */
export interface CountingCitations {
  eventDay: string;
  days: string;
  weeks: string;
  months: string;
  rollOver: string;
  twoWorkingDays: string;
}

/** A way of counting periods with its source: 1182/71 or another law's (rules/periods.yaml `methods`). */
export interface CountingMethod {
  id: string;
  title: string;
  url: string;
  checked: string;
  verified?: boolean;
  rules: CountingRules;
  cite: CountingCitations;
}

export interface HolidayAddition {
  rule: string;
  name: string;
  source: string;
  verified?: boolean;
}

/** rules/periods.yaml: how periods are counted (Regulation 1182/71), with its source and limits. */
export interface PeriodRules {
  version: string;
  source: { title: string; eli: string; published: string; articles: string[]; checked: string };
  rules: CountingRules;
  cite: CountingCitations;
  limits: { minimumDays: number; maximum: Record<PeriodUnit, number> };
  holidays: {
    package: string; version: string; types: string[]; licence: string; url: string; checked: string;
    additions?: { checked: string; calendars: Record<string, HolidayAddition[]> };
  };
  methods: Record<string, Omit<CountingMethod, 'id'>>;
}

let cached: PeriodRules | null = null;

/** The counting rules (rules/periods.yaml), read on first use. */
export function periodRules(): PeriodRules {
  cached ??= parse(readFileSync(new URL('./rules/periods.yaml', import.meta.url), 'utf8')) as PeriodRules;
  return cached;
}

/** The default method's id: Regulation 1182/71, the top-level rules of periods.yaml. */
export const REGULATION_1182_71 = 'regulation-1182-71';

/**
 * A counting method by id: `regulation-1182-71` (the default) or one of periods.yaml's `methods`,
 * e.g. `california-ccp-12`. An unknown id is a validation error on `method`.
 */
export function countingMethod(id: string = REGULATION_1182_71): CountingMethod {
  const r = periodRules();
  if (id === REGULATION_1182_71) return { id, title: r.source.title, url: r.source.eli, checked: r.source.checked, rules: r.rules, cite: r.cite };
  const m = Object.hasOwn(r.methods, id) ? r.methods[id] : undefined;
  if (!m) throw invalid('method', `must be one of ${[REGULATION_1182_71, ...Object.keys(r.methods)].join(', ')}`);
  return { id, ...m };
}
