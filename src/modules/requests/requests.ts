/**
 * A data-subject request as the rest of Trustroom sees it: its input (one parser for the public
 * form, the API and an operator's entry), its view, and what the audit chain keeps of it (ids,
 * type, status, dates: never the person's name, address or words).
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  REQUEST_TYPES, REQUESTER_KINDS, type RequestChannel, type RequesterKind, type RequestStatus, type RequestType,
} from '../../db/schema-requests.ts';
import type { Row } from '../../db/schema.ts';
import type { Actor } from '../../shared/deps.ts';
import { EMAIL_PATTERN, InputReader } from '../../shared/input.ts';
import { requestRegimes } from './deadlines.ts';

export { REQUEST_TYPES, REQUESTER_KINDS };
export type { RequestType, RequesterKind, RequestStatus };

/** Words for each type, as the form and the messages say them. */
export const REQUEST_TYPE_LABELS: Record<RequestType, string> = {
  access: 'Access: a copy of my personal data',
  rectification: 'Rectification: correct my personal data',
  erasure: 'Erasure: delete my personal data',
  restriction: 'Restriction: limit the processing of my personal data',
  portability: 'Portability: my data in a machine-readable format',
  objection: 'Objection: stop processing my personal data',
  opt_out_sale: 'Opt out of the sale or sharing of my personal information',
  withdraw_consent: 'Withdraw my consent',
};

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  awaiting_verification: 'Waiting for identity verification',
  awaiting_clarification: 'Waiting for your clarification',
  forwarded: 'Passed on to the controller',
  awaiting_instruction: 'Waiting for the controller’s instruction',
  in_progress: 'In progress',
  completed: 'Completed',
  refused: 'Refused',
  withdrawn: 'Withdrawn',
  duplicate: 'Duplicate of an open request',
};

export const OPEN_STATUSES: readonly RequestStatus[] = ['awaiting_verification', 'awaiting_clarification', 'forwarded', 'awaiting_instruction', 'in_progress'];
export const isOpen = (status: RequestStatus): boolean => OPEN_STATUSES.includes(status);

export const REQUESTS_ACTOR: Actor = { type: 'system', id: null, label: 'requester' };

interface VerificationRules {
  version: string;
  levels: Record<string, { label: string }>;
  types: Record<RequestType, string>;
  onBehalf: string;
  code: { digits: number; validHours: number; maxAttempts: number };
}
let verificationCache: VerificationRules | null = null;
export function verificationRules(): VerificationRules {
  verificationCache ??= parse(readFileSync(new URL('./rules/verification.yaml', import.meta.url), 'utf8')) as VerificationRules;
  return verificationCache;
}

/** The verification a request needs (rules/verification.yaml). */
export function verificationLevel(type: RequestType, requester: RequesterKind): string {
  const rules = verificationRules();
  return requester === 'self' ? rules.types[type] : rules.onBehalf;
}

let regimeByCountry: { default: string; countries: Record<string, string> } | null = null;
/** The regime of a controller established in `place` (ISO 3166-1 or -2), per rules/regime-by-country.yaml. */
export function defaultRegime(place: string | null): string {
  regimeByCountry ??= parse(readFileSync(new URL('./rules/regime-by-country.yaml', import.meta.url), 'utf8')) as { default: string; countries: Record<string, string> };
  const code = place?.toUpperCase() ?? '';
  return regimeByCountry.countries[code] ?? regimeByCountry.countries[code.slice(0, 2)] ?? regimeByCountry.default;
}

export interface RequestInput {
  type: RequestType;
  regime: string | null;
  requester: RequesterKind;
  name: string | null;
  email: string;
  agentName: string | null;
  agentEmail: string | null;
  authority: string | null;
  details: string | null;
  /** Free text from the public form: the company whose service the person uses, if not this workspace. */
  company: string | null;
  customerId: string | null;
  /** Operator entry only: when a letter or call was received (not in the future). */
  receivedAt: Date | null;
  /** Operator entry only: the operator checked the person's identity by other means. */
  identityChecked: boolean;
  identityNote: string | null;
  externalId: string | null;
  customerDueOn: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads a request from a form, a JSON body or CLI flags. `channel` decides which fields count:
 * only an operator may back-date receipt or vouch for identity; only the API and operators name
 * a customer directly (the public form takes the company's name as free text).
 */
export function parseRequestInput(raw: unknown, channel: RequestChannel, now: Date): RequestInput {
  const r = new InputReader(raw);
  const type = r.choice('type', REQUEST_TYPES, { required: true });
  const regime = r.text('regime');
  if (regime && !requestRegimes().includes(regime)) r.problem('regime', `must be one of ${requestRegimes().join(', ')}`);
  const requester = r.choice('requester', REQUESTER_KINDS, { fallback: 'self' }) ?? 'self';
  const name = r.text('name', { max: 200, name: true });
  const email = r.text('email', { required: true, max: 254, pattern: EMAIL_PATTERN, patternMessage: 'must be an e-mail address' });
  const onBehalf = requester !== 'self';
  const agentName = r.text('agentName', { required: onBehalf, max: 200, name: true });
  const agentEmail = r.text('agentEmail', { required: onBehalf, max: 254, pattern: EMAIL_PATTERN, patternMessage: 'must be an e-mail address' });
  const authority = r.text('authority', { required: onBehalf, max: 4000 });
  const details = r.text('details', { max: 8000 });
  const company = r.text('company', { max: 200 });
  const privileged = channel === 'operator' || channel === 'api' || channel === 'customer';
  const customerId = privileged ? r.text('customer', { max: 100 }) : null;
  let receivedAt: Date | null = null;
  let identityChecked = false;
  let identityNote: string | null = null;
  if (channel === 'operator') {
    const when = r.text('receivedAt', { max: 40 });
    if (when) {
      const d = new Date(DATE.test(when) ? `${when}T12:00:00Z` : when);
      if (Number.isNaN(d.getTime())) r.problem('receivedAt', 'must be a date (YYYY-MM-DD) or an ISO 8601 instant');
      else if (d.getTime() > now.getTime() + 60_000) r.problem('receivedAt', 'must not be in the future');
      else receivedAt = d;
    }
    identityChecked = r.flag('identityChecked');
    identityNote = r.text('identityNote', { required: identityChecked, max: 1000 });
  }
  const externalId = channel === 'customer' || channel === 'api' ? r.text('externalId', { max: 200 }) : null;
  const customerDueOn = channel === 'customer' ? r.text('dueOn', { pattern: DATE, patternMessage: 'must be a date (YYYY-MM-DD)' }) : null;
  return r.done({
    type: type as RequestType, regime, requester, name, email: (email ?? '').toLowerCase(), agentName, agentEmail: agentEmail?.toLowerCase() ?? null,
    authority, details, company, customerId, receivedAt, identityChecked, identityNote, externalId, customerDueOn,
  });
}

const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** A short reference people can read out on the phone: no 0/O or 1/I. */
export function newReference(): string {
  let s = 'R-';
  for (let i = 0; i < 8; i++) s += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return s;
}

/** The deadline that counts now: the extended one once the request was extended. */
export const effectiveDue = (r: Pick<Row<'dsr_requests'>, 'due_on' | 'extended_due_on'>): string => r.extended_due_on ?? r.due_on;

/** What the audit chain keeps of a request: no name, address, evidence or words of the person. */
export function requestAuditView(r: Row<'dsr_requests'>): Record<string, unknown> {
  return {
    reference: r.reference, type: r.type, regime: r.regime, channel: r.channel, controller: r.controller, customerId: r.customer_id,
    requester: r.requester_kind, status: r.status, verificationLevel: r.verification_level, verifiedAt: r.verified_at,
    receivedOn: r.received_on, dueOn: r.due_on, extendedDueOn: r.extended_due_on, duplicateOf: r.duplicate_of, outcome: r.outcome, closedAt: r.closed_at,
  };
}
