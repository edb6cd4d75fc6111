/**
 * Deadlines of a data-subject request per regime (rules/request-regimes.yaml), each counted by
 * the period engine, with a ledger that explains every segment: start, period, counted end, the
 * days it moved past and why, the final date and the rule's source.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { invalid } from '../../shared/errors.ts';
import { addPeriod, addWorkingDays, type MovedDay, type PeriodEnd } from '../periods/count-period.ts';
import { normaliseCalendar } from '../periods/holidays.ts';
import { periodLabel } from '../periods/period.ts';
import { addDays, dateInZone } from '../periods/zoned-dates.ts';

interface Source { act: string; url: string; checked: string; articles?: string[] }
interface Regime {
  title: string;
  source: Source;
  method: string;
  due: string;
  extendedDue: string | null;
  extensions: { max: number; notice: string | null };
  pauses: { mode: 'restart' | 'suspend' | 'none'; events?: string[]; source: string; verified?: boolean };
  other?: Array<{ id: string; workingDays?: number; immediately?: boolean; dueFor?: string[]; label: string; source: string }>;
}

let cached: { version: string; regimes: Record<string, Regime> } | null = null;
function regimeRules() {
  cached ??= parse(readFileSync(new URL('./rules/request-regimes.yaml', import.meta.url), 'utf8'));
  return cached as { version: string; regimes: Record<string, Regime> };
}

/** The regimes with rule data: gdpr, uk-gdpr, ccpa, lgpd, fadp, pipeda. */
export const requestRegimes = (): string[] => Object.keys(regimeRules().regimes);

export interface Pause { from: Date; to: Date }

export interface DeadlineInput {
  regime: string;
  receivedAt: Date;
  timeZone: string;
  /** ISO 3166-1/-2 code whose public holidays count; null: weekends only. */
  calendar: string | null;
  pauses?: Pause[];
  /** The request's type: some regimes give a type its own deadline (CCPA opt-out: 15 business days). */
  type?: string;
}

/** One counted deadline, as the ledger shows it. */
export interface LedgerSegment {
  name: string;
  start: string;
  period: string;
  countedEnd: string;
  moved: MovedDay[];
  end: string;
  method: PeriodEnd['method'];
  source: string;
  steps: string[];
}

export interface RequestDeadlines {
  receivedOn: string;
  due: string;
  extendedDue: string | null;
  ledger: {
    regime: string;
    title: string;
    rulesVersion: string;
    calendar: string | null;
    clockStartsOn: string;
    pauses: string[];
    segments: LedgerSegment[];
    extensionNotice: string | null;
  };
}

const segment = (name: string, start: string, period: string, r: PeriodEnd, source: string): LedgerSegment => ({
  name, start, period, countedEnd: r.countedEnd, moved: r.moved, end: r.endsOn, method: r.method, source, steps: r.steps,
});

/** Where the clock starts after pauses, and one sentence per pause for the ledger. */
function clockStart(rule: Regime, receivedOn: string, input: DeadlineInput): { start: string; notes: string[] } {
  const pauses = input.pauses ?? [];
  if (!pauses.length) return { start: receivedOn, notes: [] };
  const span = (p: Pause) => `${dateInZone(p.from, input.timeZone)} to ${dateInZone(p.to, input.timeZone)}`;
  if (rule.pauses.mode === 'none') return { start: receivedOn, notes: pauses.map((p) => `Paused ${span(p)}: does not move the deadline (${rule.pauses.source}).`) };
  if (rule.pauses.mode === 'restart') {
    const last = pauses.reduce((a, p) => (p.to > a ? p.to : a), pauses[0].to);
    const start = dateInZone(last, input.timeZone);
    return { start, notes: [...pauses.map((p) => `Waiting ${span(p)}.`), `The period runs from ${start}, when the information arrived (${rule.pauses.source}).`] };
  }
  let days = 0;
  for (const p of pauses) days += (Date.parse(`${dateInZone(p.to, input.timeZone)}T00:00:00Z`) - Date.parse(`${dateInZone(p.from, input.timeZone)}T00:00:00Z`)) / 86_400_000;
  const start = addDays(receivedOn, days);
  return { start, notes: [...pauses.map((p) => `Clock stopped ${span(p)}.`), `${days} paused days move the start to ${start} (${rule.pauses.source}).`] };
}

/**
 * Whether a request of this type under this regime can be extended (rule data only: no counting).
 * @example allowsExtension('ccpa', 'opt_out_sale') // false: its 15 business days have no extension
 */
export function allowsExtension(regime: string, type?: string): boolean {
  const { regimes } = regimeRules();
  const rule = Object.hasOwn(regimes, regime) ? regimes[regime] : undefined;
  if (!rule?.extendedDue || rule.extensions.max === 0) return false;
  return !(rule.other ?? []).some((o) => type && o.dueFor?.includes(type));
}

/**
 * The deadlines of a request received at an instant: receivedOn is the date of the instant in the
 * controller's time zone; due and extendedDue are counted from it (or from the end of a pause,
 * where the regime's rule says so) with the public holidays of `calendar`.
 * @example requestDeadlines({ regime: 'gdpr', receivedAt: new Date('2027-01-31T10:00:00Z'), timeZone: 'Europe/Paris', calendar: 'FR' }).due // '2027-03-01'
 */
export function requestDeadlines(input: DeadlineInput): RequestDeadlines {
  const { regimes, version } = regimeRules();
  const rule = Object.hasOwn(regimes, input.regime) ? regimes[input.regime] : undefined;
  if (!rule) throw invalid('regime', `must be one of ${Object.keys(regimes).join(', ')}`);
  if (Number.isNaN(input.receivedAt.getTime())) throw invalid('receivedAt', 'must be an instant');
  for (const p of input.pauses ?? []) if (!(p.from < p.to) || p.from < input.receivedAt) throw invalid('pauses', 'each pause must start after receipt and end after it starts');
  const calendar = input.calendar === null ? null : normaliseCalendar(input.calendar);
  const receivedOn = dateInZone(input.receivedAt, input.timeZone);
  const { start, notes } = clockStart(rule, receivedOn, input);
  const cite = `${rule.source.act}${rule.source.articles ? ` Art ${rule.source.articles[0]}` : ''}`;
  const due = addPeriod(start, rule.due, calendar, rule.method);
  const segments = [segment('due', start, periodLabel(rule.due), due, cite)];
  let extendedDue: string | null = null;
  if (rule.extendedDue) {
    const ext = addPeriod(start, rule.extendedDue, calendar, rule.method);
    segments.push(segment('extendedDue', start, periodLabel(rule.extendedDue), ext, cite));
    extendedDue = ext.endsOn;
  }
  let typeDue: string | null = null;
  for (const o of rule.other ?? []) {
    if (!o.workingDays) continue;
    const end = addWorkingDays(receivedOn, o.workingDays, calendar, rule.method);
    segments.push(segment(o.id, receivedOn, `${o.workingDays} working days`, end, `${o.source}: ${o.label}`));
    if (input.type && o.dueFor?.includes(input.type)) typeDue = end.endsOn;
  }
  return {
    // A type with its own deadline has no extension (the rule gives none).
    receivedOn, due: typeDue ?? due.endsOn, extendedDue: typeDue ? null : extendedDue,
    ledger: {
      regime: input.regime, title: rule.title, rulesVersion: version, calendar, clockStartsOn: start, pauses: notes, segments,
      extensionNotice: rule.extensions.max > 0 && rule.extensions.notice ? `By ${due.endsOn}: ${rule.extensions.notice}` : null,
    },
  };
}
