import { customerDates } from '../../modules/changes/notice-dates.ts';
import { calendarProblem, normaliseCalendar } from '../../modules/periods/holidays.ts';
import { checkPeriod, formatPeriod, type Period, periodLabel } from '../../modules/periods/period.ts';
import { isTimeZone } from '../../modules/vocab/contract-terms.ts';
import { isRealDate } from '../../shared/clock.ts';
import { InputReader } from '../../shared/input.ts';

export interface ChangesDatesOptions {
  announcedAt?: string;
  timeZone?: string;
  notice?: string;
  proposedDate?: string;
  country?: string;
  json?: boolean;
}

/** An instant with its offset: 2026-01-31T23:30:00Z or 2026-02-01T00:30:00+01:00. */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** Reads the flags, naming each bad one (exit 2). */
function readFlags(opts: ChangesDatesOptions) {
  const r = new InputReader({
    '--announced-at': opts.announcedAt, '--time-zone': opts.timeZone, '--notice': opts.notice, '--proposed-date': opts.proposedDate, '--country': opts.country,
  });
  const at = r.text('--announced-at', { required: true, max: 40 });
  const m = at === null ? null : INSTANT.exec(at);
  if (at !== null && (!m || !isRealDate(m[1]) || Number.isNaN(Date.parse(at)))) r.problem('--announced-at', 'must be an ISO 8601 instant with its offset, e.g. 2026-01-31T23:30:00Z');
  const timeZone = r.text('--time-zone', { required: true, max: 64 });
  if (timeZone !== null && !isTimeZone(timeZone)) r.problem('--time-zone', 'must be an IANA time zone such as Europe/Paris, or UTC');
  const noticeText = r.text('--notice', { required: true, max: 20 });
  const notice = noticeText === null ? null : checkPeriod(noticeText);
  if (notice?.problem !== undefined) r.problem('--notice', notice.problem);
  const proposedDate = r.text('--proposed-date', { required: true, max: 10 });
  if (proposedDate !== null && !isRealDate(proposedDate)) r.problem('--proposed-date', 'must be a date as YYYY-MM-DD');
  const country = r.text('--country', { max: 10 });
  const problem = country === null ? null : calendarProblem(country);
  if (problem) r.problem('--country', problem);
  r.done(null);
  // Every required flag is present and valid past done().
  return {
    announcedAt: new Date(at as string), timeZone: timeZone as string, period: formatPeriod(notice?.period as Period),
    proposedDate: proposedDate as string, calendar: country === null ? null : normaliseCalendar(country),
  };
}

/**
 * Prints a customer's dates for a change announced at an instant (Regulation 1182/71 with the
 * public holidays of `--country`, else weekends only); exit 2 for bad input.
 */
export function changesDatesCommand(opts: ChangesDatesOptions) {
  const input = readFlags(opts);
  const d = customerDates(input);
  if (opts.json) {
    const out = { announcedOn: d.announcedOn, noticeEndsOn: d.noticeEndsOn, effectiveDate: d.effectiveDate, lastDayToObject: d.lastDayToObject, effectiveAt: d.effectiveAt.toISOString() };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const lines = [
    `Announced on ${d.announcedOn} (${input.timeZone}); ${periodLabel(d.period)} of notice, ${d.calendar ? `with the public holidays of ${d.calendar}` : 'weekends only (no --country)'}.`,
    `Notice ends on:     ${d.noticeEndsOn}`,
    `Last day to object: ${d.lastDayToObject}`,
    `Effective date:     ${d.effectiveDate} (from ${d.effectiveAt.toISOString()})`,
    'How the end of notice was found (Regulation 1182/71):',
    ...d.steps.map((s) => `  - ${s}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
