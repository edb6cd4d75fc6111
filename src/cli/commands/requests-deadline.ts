import { calendarProblem } from '../../modules/periods/holidays.ts';
import { type Pause, requestDeadlines, requestRegimes } from '../../modules/requests/deadlines.ts';
import { isTimeZone } from '../../modules/vocab/contract-terms.ts';
import { isRealDate } from '../../shared/clock.ts';
import { InputReader } from '../../shared/input.ts';

export interface RequestsDeadlineOptions {
  regime?: string;
  received?: string;
  timeZone?: string;
  country?: string;
  pause?: string[];
  ledger?: boolean;
  json?: boolean;
}

/** An instant with its offset: 2026-01-31T23:30:00Z or 2026-02-01T00:30:00+01:00. */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;
const isInstant = (s: string) => {
  const m = INSTANT.exec(s);
  return !!m && isRealDate(m[1]) && !Number.isNaN(Date.parse(s));
};

function readFlags(opts: RequestsDeadlineOptions) {
  const r = new InputReader({ '--regime': opts.regime, '--received': opts.received, '--time-zone': opts.timeZone, '--country': opts.country });
  const regime = r.text('--regime', { required: true, max: 20 });
  if (regime !== null && !requestRegimes().includes(regime)) r.problem('--regime', `must be one of ${requestRegimes().join(', ')}`);
  const received = r.text('--received', { required: true, max: 40 });
  if (received !== null && !isInstant(received)) r.problem('--received', 'must be an ISO 8601 instant with its offset, e.g. 2027-01-31T10:00:00Z');
  const timeZone = r.text('--time-zone', { required: true, max: 64 });
  if (timeZone !== null && !isTimeZone(timeZone)) r.problem('--time-zone', 'must be an IANA time zone such as Europe/Paris, or UTC');
  const country = r.text('--country', { required: true, max: 10 });
  const problem = country === null ? null : calendarProblem(country);
  if (problem) r.problem('--country', problem);
  const pauses: Pause[] = [];
  for (const p of opts.pause ?? []) {
    const [from, to, extra] = p.split('/');
    if (extra !== undefined || !from || !to || !isInstant(from) || !isInstant(to) || Date.parse(from) >= Date.parse(to)) r.problem('--pause', 'must be <from>/<to>, two ISO 8601 instants with offsets, the first earlier');
    else pauses.push({ from: new Date(from), to: new Date(to) });
  }
  if (received !== null && pauses.some((p) => p.from.getTime() < Date.parse(received))) r.problem('--pause', 'must start after --received');
  r.done(null);
  return { regime: regime as string, receivedAt: new Date(received as string), timeZone: timeZone as string, calendar: country as string, pauses };
}

/** Prints a request's deadlines (JSON: receivedOn, due, extendedDue; --ledger adds the ledger); exit 2 for bad input. */
export function requestsDeadlineCommand(opts: RequestsDeadlineOptions) {
  const d = requestDeadlines(readFlags(opts));
  if (opts.json) {
    const out = { receivedOn: d.receivedOn, due: d.due, extendedDue: d.extendedDue, ...(opts.ledger ? { ledger: d.ledger } : {}) };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return;
  }
  const l = d.ledger;
  const lines = [
    `${l.title}, public holidays of ${l.calendar} (rules ${l.rulesVersion}).`,
    `Received on:  ${d.receivedOn}`,
    `Due:          ${d.due}`,
    `Extended due: ${d.extendedDue ?? 'no extension in the rules'}`,
    ...(l.extensionNotice ? [`Extension notice: ${l.extensionNotice}`] : []),
    ...l.pauses.map((p) => `Pause: ${p}`),
  ];
  for (const s of l.segments) {
    lines.push('', `${s.name}: ${s.period} from ${s.start} — counted end ${s.countedEnd}, final ${s.end}. Source: ${s.source}; counting: ${s.method.title}${s.method.verified === false ? ' (not verified)' : ''}.`);
    for (const m of s.moved) lines.push(`  moved past ${m.date}: ${m.reason}`);
    for (const step of s.steps) lines.push(`  - ${step}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
