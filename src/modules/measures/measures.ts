/**
 * Technical and organisational measures (CU4): a measure belongs to a catalogue category, has an
 * owner and a review interval, and carries evidence (links or small files). Types, input parsing
 * and the review rule only — no I/O.
 */
import { isRealDate } from '../../shared/clock.ts';
import { InputReader } from '../../shared/input.ts';
import { addDays } from '../periods/zoned-dates.ts';
import { categoryKeys } from './measure-catalogue.ts';

export const REVIEW_INTERVAL_MIN = 1;
export const REVIEW_INTERVAL_MAX = 3650;
export const REVIEW_INTERVAL_DEFAULT = 365;

export interface MeasureInput {
  category: string;
  title: string;
  description: string;
  /** A person or a team, as free text. */
  owner: string | null;
  reviewIntervalDays: number;
  /** YYYY-MM-DD; null: never reviewed. */
  lastReviewedOn: string | null;
}

const DATE_MESSAGE = 'must be a date written YYYY-MM-DD';

/** Reads a YYYY-MM-DD date that is a real calendar day and not after `today`; null when absent. */
export function readPastDate(r: InputReader, field: string, today: string): string | null {
  const s = r.text(field, { max: 10 });
  if (s === null) return null;
  if (!isRealDate(s)) r.problem(field, DATE_MESSAGE);
  else if (s > today) r.problem(field, `must not be in the future (today is ${today})`);
  else return s;
  return null;
}

/** Whole days from 1 to 3650; absent or empty: a year. */
function readInterval(r: InputReader): number {
  const field = 'reviewIntervalDays';
  const s = r.text(field, { max: 10 });
  if (s === null) return REVIEW_INTERVAL_DEFAULT;
  const n = /^\d+$/.test(s) ? Number(s) : Number.NaN;
  if (n >= REVIEW_INTERVAL_MIN && n <= REVIEW_INTERVAL_MAX) return n;
  r.problem(field, `must be a whole number of days from ${REVIEW_INTERVAL_MIN} to ${REVIEW_INTERVAL_MAX}`);
  return REVIEW_INTERVAL_DEFAULT;
}

/**
 * Parses a full measure (POST and PUT replace every field). `today` (YYYY-MM-DD, the workspace's
 * calendar day) bounds `lastReviewedOn`: a review cannot be recorded ahead of time.
 */
export function parseMeasureInput(raw: unknown, today: string): MeasureInput {
  const r = new InputReader(raw);
  const keys = categoryKeys();
  const categoryText = r.text('category', { required: true, max: 100 });
  if (categoryText !== null && !keys.includes(categoryText)) r.problem('category', 'must be a key of the measure catalogue, e.g. physical_access_control or events_logging (the API documentation lists them all)');
  return r.done({
    category: categoryText ?? '',
    title: r.text('title', { name: true, required: true, max: 200 }) as string,
    description: r.text('description', { max: 5000 }) ?? '',
    owner: r.text('owner', { name: true, max: 200 }),
    reviewIntervalDays: readInterval(r),
    lastReviewedOn: readPastDate(r, 'lastReviewedOn', today),
  });
}

/** The date the next review is due: the last review plus the interval; null when never reviewed. */
export const nextReviewOn = (lastReviewedOn: string | null, intervalDays: number): string | null =>
  lastReviewedOn === null ? null : addDays(lastReviewedOn, intervalDays);

/**
 * Whether a measure's review is overdue on `today`: never reviewed, or the next review date has
 * passed. On the due date itself it is not overdue yet.
 * @example isOverdue('2026-01-01', 30, '2026-01-31') // false; on '2026-02-01' it is true
 */
export function isOverdue(lastReviewedOn: string | null, intervalDays: number, today: string): boolean {
  const next = nextReviewOn(lastReviewedOn, intervalDays);
  return next === null || next < today;
}
