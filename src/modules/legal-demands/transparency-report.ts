/**
 * The transparency report of a workspace (IN2): legal demands per half-year, counted by authority
 * type, country and outcome. It is public, so it must never let a reader learn a customer or a
 * single demand's details:
 *
 * - No names, ids, references, dates or free text of a demand leave this file: only counts.
 * - Only half-years that have ended are reported. A live count would change the day a demand is
 *   registered, and a reader comparing two visits would learn its date (and, for a processor with
 *   few customers, perhaps whom it concerns — possibly while a non-disclosure order is in force).
 * - Small cells are suppressed with a threshold of 3 (SUPPRESS_BELOW). The three breakdowns are
 *   one-way counts of the same demands, so a "1" in each (intelligence, US, disclosed in full)
 *   would describe one demand exactly. A count of 1 or 2 is therefore never shown beside its
 *   category: such categories are merged into one unnamed row, "Other (each fewer than 3)", shown
 *   as "fewer than 3" when its own sum is below the threshold. Subtracting the shown rows from the
 *   total gives at most that row's size, never which category it holds. A half-year with fewer
 *   than 3 demands in all shows only "fewer than 3" and no breakdown. 3 follows the common
 *   minimum cell size of statistical disclosure control; a larger one would hide everything for
 *   the small processors Trustroom is made for.
 *
 * Demands under a non-disclosure order are counted like the others: a count in a closed
 * half-year, with these rules, says nothing about one order. No I/O but the one query.
 */
import type { Db } from '../../db/schema.ts';
import { dateInZone } from '../periods/zoned-dates.ts';
import { countryName } from '../vocab/vocab.ts';
import { AUTHORITY_TYPE_LABELS, AUTHORITY_TYPES, DEMAND_OUTCOMES, OUTCOME_LABELS } from './legal-demands.ts';

/** Counts below this are never shown beside a category. */
export const SUPPRESS_BELOW = 3;
/** The key and label of the merged row of small categories. */
export const SUPPRESSED_KEY = 'other_small';
export const SUPPRESSED_LABEL = `Other (each fewer than ${SUPPRESS_BELOW})`;
const PENDING_KEY = 'pending';
const PENDING_LABEL = 'Not concluded yet';

/** A count, or null with `fewerThan` when it is 1 or 2. */
export interface ReportCell {
  key: string;
  label: string;
  count: number | null;
  fewerThan?: number;
}

export interface ReportPeriod {
  /** `2026-H1` (January to June) or `2026-H2`. */
  period: string;
  from: string;
  to: string;
  total: { count: number | null; fewerThan?: number };
  byAuthorityType: ReportCell[];
  byCountry: ReportCell[];
  byOutcome: ReportCell[];
}

export interface TransparencyReport {
  suppressBelow: number;
  /** Newest first; only half-years that have ended. */
  periods: ReportPeriod[];
  /** The half-year running now, reported once it ends. */
  current: { period: string; reportedAfter: string };
}

/** The half-year of a date: `2026-H1` for 2026-01-01 … 2026-06-30. */
export const halfYearOf = (date: string): string => `${date.slice(0, 4)}-H${Number(date.slice(5, 7)) <= 6 ? 1 : 2}`;

function bounds(period: string): { from: string; to: string } {
  const [y, h] = [period.slice(0, 4), period.slice(6)];
  return h === '1' ? { from: `${y}-01-01`, to: `${y}-06-30` } : { from: `${y}-07-01`, to: `${y}-12-31` };
}

const previous = (period: string): string => (period.endsWith('H2') ? `${period.slice(0, 4)}-H1` : `${Number(period.slice(0, 4)) - 1}-H2`);

const shown = (n: number): { count: number | null; fewerThan?: number } => (n > 0 && n < SUPPRESS_BELOW ? { count: null, fewerThan: SUPPRESS_BELOW } : { count: n });

/** One breakdown: categories of at least the threshold by count, the rest merged into one unnamed row. */
export function suppressCells(counts: Map<string, number>, label: (key: string) => string): ReportCell[] {
  const big = [...counts].filter(([, n]) => n >= SUPPRESS_BELOW).map(([key, n]) => ({ key, label: label(key), count: n }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, 'en'));
  const small = [...counts].filter(([, n]) => n > 0 && n < SUPPRESS_BELOW).reduce((s, [, n]) => s + n, 0);
  return small ? [...big, { key: SUPPRESSED_KEY, label: SUPPRESSED_LABEL, ...shown(small) }] : big;
}

const tally = (keys: string[]): Map<string, number> => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());

/** The report of a workspace on `now`: every ended half-year since the workspace or its first demand. */
export async function buildTransparencyReport(db: Db, workspaceId: string, now: Date): Promise<TransparencyReport> {
  const ws = await db.selectFrom('workspaces').select(['time_zone', 'created_at']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('legal_demands').select(['authority_type', 'country', 'outcome', 'received_at']).where('workspace_id', '=', workspaceId).execute();
  const zone = ws.time_zone;
  const today = dateInZone(now, zone);
  const current = halfYearOf(today);
  const byPeriod = new Map<string, typeof rows>();
  for (const r of rows) {
    const p = halfYearOf(dateInZone(new Date(r.received_at), zone));
    byPeriod.set(p, [...(byPeriod.get(p) ?? []), r]);
  }
  const first = [halfYearOf(dateInZone(new Date(ws.created_at), zone)), ...byPeriod.keys()].sort()[0] as string;
  const periods: ReportPeriod[] = [];
  for (let p = previous(current); p >= first && periods.length < 40; p = previous(p)) {
    const list = byPeriod.get(p) ?? [];
    const total = shown(list.length);
    const hidden = total.count === null;
    periods.push({
      period: p, ...bounds(p), total,
      byAuthorityType: hidden ? [] : suppressCells(tally(list.map((r) => r.authority_type)), (k) => AUTHORITY_TYPE_LABELS[k as (typeof AUTHORITY_TYPES)[number]] ?? k),
      byCountry: hidden ? [] : suppressCells(tally(list.map((r) => r.country)), (k) => `${countryName(k)} (${k})`),
      byOutcome: hidden ? [] : suppressCells(tally(list.map((r) => r.outcome ?? PENDING_KEY)), (k) => (k === PENDING_KEY ? PENDING_LABEL : OUTCOME_LABELS[k as (typeof DEMAND_OUTCOMES)[number]] ?? k)),
    });
  }
  const end = bounds(current).to;
  return { suppressBelow: SUPPRESS_BELOW, periods, current: { period: current, reportedAfter: end } };
}
