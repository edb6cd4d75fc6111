import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { PeriodUnit } from './period.ts';

/** rules/periods.yaml: how periods are counted (Regulation 1182/71), with its source and limits. */
export interface PeriodRules {
  version: string;
  source: { title: string; eli: string; published: string; articles: string[]; checked: string };
  rules: {
    excludeEventDay: boolean;
    sameDateElseLastDayOfMonth: boolean;
    rollOverNonWorkingDays: boolean;
    atLeastTwoWorkingDays: boolean;
    nonWorkingWeekdays: Array<'saturday' | 'sunday'>;
  };
  limits: { minimumDays: number; maximum: Record<PeriodUnit, number> };
  holidays: { package: string; version: string; types: string[]; licence: string; url: string; checked: string };
}

let cached: PeriodRules | null = null;

/** The counting rules (rules/periods.yaml), read on first use. */
export function periodRules(): PeriodRules {
  cached ??= parse(readFileSync(new URL('./rules/periods.yaml', import.meta.url), 'utf8')) as PeriodRules;
  return cached;
}
