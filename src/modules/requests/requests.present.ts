/**
 * What leaves the server about a request, as explicit allowlists: the requester's own view behind
 * the status link (no ids, no operator names, no other person's data), an operator's view for the
 * API, the facts the public form explains (deadlines in words per regime), and the state of a
 * verification link.
 */
import type { Db, Row } from '../../db/schema.ts';
import { sha256 } from '../../shared/ids.ts';
import { dateInZone } from '../periods/zoned-dates.ts';
import { requestDeadlines } from './deadlines.ts';
import { defaultRegime, effectiveDue, isOpen, REQUEST_STATUS_LABELS, REQUEST_TYPE_LABELS, verificationRules } from './requests.ts';
import { requestTimeline } from './requests.queries.ts';
import { findRequestByStatusToken } from './verify-request.ts';

/** One line of the requester's timeline: a date and a sentence, with the words they were sent where there are some. */
export interface RequesterEvent {
  on: string;
  text: string;
  /** A question asked, a reason given: words already e-mailed to the requester. */
  quote: string | null;
}

export interface RequesterView {
  reference: string;
  type: Row<'dsr_requests'>['type'];
  typeLabel: string;
  status: Row<'dsr_requests'>['status'];
  statusLabel: string;
  isOpen: boolean;
  receivedOn: string;
  dueOn: string;
  extendedDueOn: string | null;
  extensionReason: string | null;
  /** The company that decides on the request when it is not the workspace. */
  controllerName: string | null;
  /** The code can be entered (the e-mail address is not confirmed yet). */
  awaitingCode: boolean;
  /** The e-mail is confirmed; an operator still checks the agent's or parent's authority. */
  awaitingAuthority: boolean;
  /** The question waiting for an answer, when one is. */
  openQuestion: string | null;
  timeline: RequesterEvent[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/**
 * The sentence for each kind of step the requester may see. Steps inside the organisation
 * (systems searched one by one, holds, reminders, reports) are left out.
 */
const SENTENCES: Record<string, (d: Record<string, unknown>) => string> = {
  received: () => 'We received your request.',
  code_resent: () => 'We sent you a new code.',
  email_confirmed: () => 'You confirmed your e-mail address.',
  authority_accepted: () => 'We checked the authority to act for the person concerned.',
  started: () => 'We started working on your request.',
  clarification_requested: () => 'We asked you a question.',
  clarified: () => 'You answered our question.',
  extended: (d) => `We extended the deadline to ${str(d.extendedDueOn) ?? 'a later date'}.`,
  routed: () => 'We found that the company whose service you use decides on your request (it is the controller).',
  forwarding_started: () => 'We are passing your request on to the company that decides on it.',
  forwarded: () => 'We passed your request on to the company that decides on it.',
  instructed: () => 'The company that decides on your request told us how to proceed.',
  access_run: () => 'We collected your personal data from our systems.',
  erasure_run: () => 'We carried out the erasure in our systems.',
  package_created: () => 'A copy of your personal data is ready: we e-mailed you a link to download it.',
  package_downloaded: () => 'The copy of your personal data was downloaded.',
  package_deleted: () => 'The copy of your personal data was deleted from our servers.',
  closed_completed: () => 'We answered your request and closed it.',
  closed_refused: () => 'We refused your request.',
  closed_duplicate: () => 'We closed this request: it repeats an earlier one that is still open.',
  withdrawn: () => 'You withdrew your request.',
};
/** Words of a step that were e-mailed to the requester and may be shown again. */
const QUOTED: Record<string, string> = { clarification_requested: 'question', extended: 'reason', closed_refused: 'reason', closed_completed: 'reason', closed_duplicate: 'reason' };

/** The requester's view of the request behind a status link, or null for an unknown link. */
export async function requesterView(db: Db, workspaceId: string, statusToken: string): Promise<RequesterView | null> {
  const r = await findRequestByStatusToken(db, workspaceId, statusToken);
  if (!r) return null;
  const events = await requestTimeline(db, r.id);
  const customer = r.controller === 'customer' && r.customer_id
    ? await db.selectFrom('customers').select('name').where('workspace_id', '=', workspaceId).where('id', '=', r.customer_id).executeTakeFirst()
    : undefined;
  const timeline: RequesterEvent[] = [];
  let openQuestion: string | null = null;
  for (const e of events) {
    const sentence = SENTENCES[e.kind];
    if (!sentence) continue;
    const quote = QUOTED[e.kind] ? str(e.detail[QUOTED[e.kind]]) : null;
    if (e.kind === 'clarification_requested') openQuestion = quote;
    timeline.push({ on: dateInZone(new Date(e.at), r.time_zone), text: sentence(e.detail), quote });
  }
  const confirmed = events.some((e) => e.kind === 'email_confirmed');
  const waiting = r.status === 'awaiting_verification' && !r.verified_at;
  return {
    reference: r.reference, type: r.type, typeLabel: REQUEST_TYPE_LABELS[r.type], status: r.status, statusLabel: REQUEST_STATUS_LABELS[r.status], isOpen: isOpen(r.status),
    receivedOn: r.received_on, dueOn: r.due_on, extendedDueOn: r.extended_due_on, extensionReason: r.extended_due_on ? r.extension_reason : null,
    controllerName: customer?.name ?? null, awaitingCode: waiting && !confirmed, awaitingAuthority: waiting && confirmed,
    openQuestion: r.status === 'awaiting_clarification' ? openQuestion : null, timeline,
  };
}

/** An operator's view of a request for the API: its facts and the requester's details, never the status token. */
export function presentRequest(r: Row<'dsr_requests'>) {
  return {
    id: r.id, reference: r.reference, type: r.type, regime: r.regime, channel: r.channel, controller: r.controller, customerId: r.customer_id,
    requester: r.requester_kind, name: r.subject_name, email: r.subject_email, agentName: r.agent_name, agentEmail: r.agent_email, authority: r.agent_evidence,
    details: r.details, status: r.status, verificationLevel: r.verification_level, verifiedAt: r.verified_at, receivedAt: r.received_at, receivedOn: r.received_on,
    timeZone: r.time_zone, dueOn: r.due_on, extendedDueOn: r.extended_due_on, effectiveDueOn: effectiveDue(r), extensionReason: r.extension_reason,
    customerDueOn: r.customer_due_on, externalId: r.external_id, duplicateOf: r.duplicate_of, outcome: r.outcome, outcomeReason: r.outcome_reason,
    closedAt: r.closed_at, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}
export type RequestView = ReturnType<typeof presentRequest>;

export interface RequestFormFacts {
  regime: string;
  /** The regime's name and article, e.g. "GDPR Art 12(3)". */
  regimeTitle: string;
  /** The period to answer in, as words: "1 month", "45 days". */
  duePeriod: string;
  /** The longest period with an extension, or null where the regime allows none. */
  extendedPeriod: string | null;
  codeValidHours: number;
}

/** What the public form tells people before they ask: the workspace's regime and its deadlines. */
export async function requestFormFacts(db: Db, workspaceId: string, now: Date): Promise<RequestFormFacts> {
  const ws = await db.selectFrom('workspaces').select(['dsr_regime', 'calendar', 'country', 'time_zone']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const regime = ws.dsr_regime ?? defaultRegime(ws.calendar ?? ws.country);
  const { ledger } = requestDeadlines({ regime, receivedAt: now, timeZone: ws.time_zone, calendar: null });
  const period = (name: string) => ledger.segments.find((s) => s.name === name)?.period ?? null;
  return { regime, regimeTitle: ledger.title, duePeriod: period('due') ?? '', extendedPeriod: period('extendedDue'), codeValidHours: verificationRules().code.validHours };
}

export type VerifyLinkState = 'open' | 'confirmed' | 'gone' | 'closed';

/**
 * The state of a verification link, or null when it is unknown: open (its button confirms),
 * confirmed (it or another code already did), gone (expired, or replaced by a newer code),
 * closed (the request was withdrawn or closed: nothing left to confirm).
 */
export async function verifyLinkState(db: Db, workspaceId: string, linkToken: string, now: Date): Promise<VerifyLinkState | null> {
  if (!linkToken || linkToken.length > 200) return null;
  const v = await db.selectFrom('dsr_verifications').innerJoin('dsr_requests', 'dsr_requests.id', 'dsr_verifications.request_id')
    .select(['dsr_verifications.id', 'dsr_verifications.request_id', 'dsr_verifications.created_at', 'dsr_verifications.used_at', 'dsr_verifications.expires_at', 'dsr_requests.verified_at', 'dsr_requests.status'])
    .where('dsr_requests.workspace_id', '=', workspaceId).where('dsr_verifications.link_token_hash', '=', sha256(linkToken)).executeTakeFirst();
  if (!v) return null;
  if (!isOpen(v.status)) return 'closed';
  if (v.verified_at || v.status !== 'awaiting_verification') return 'confirmed';
  if (v.used_at) {
    // Replaced: a code issued after this one (same instant included: a fixed clock) exists.
    const newer = await db.selectFrom('dsr_verifications').select('id').where('request_id', '=', v.request_id).where('id', '!=', v.id)
      .where('created_at', '>=', v.created_at).executeTakeFirst();
    return newer ? 'gone' : 'confirmed';
  }
  return v.expires_at <= now.toISOString() ? 'gone' : 'open';
}
