/**
 * Legal demands from authorities (IN2): vocabularies, labels, input rules and what leaves the
 * server. No I/O. The DPA promise behind them (seed 004 §13): the customer is notified promptly of
 * any subpoena or order about its data unless the law prohibits it, and helped to respond.
 */
import {
  AUTHORITY_TYPES, type AuthorityType, DEMAND_OUTCOMES, type DemandOutcome, type DemandStatus, type NoticeState,
} from '../../db/schema-legal-demands.ts';
import type { Row } from '../../db/schema.ts';
import { isRealDate } from '../../shared/clock.ts';
import { InputReader } from '../../shared/input.ts';
import { isCountryCode } from '../vocab/vocab.ts';

export { AUTHORITY_TYPES, DEMAND_OUTCOMES };
export type { AuthorityType, DemandOutcome, DemandStatus, NoticeState };

export const AUTHORITY_TYPE_LABELS: Record<AuthorityType, string> = {
  law_enforcement: 'Law enforcement', court: 'Court', regulator: 'Regulator', tax: 'Tax authority', intelligence: 'Intelligence or national security', other: 'Other authority',
};
export const OUTCOME_LABELS: Record<DemandOutcome, string> = {
  disclosed_full: 'Data disclosed in full', disclosed_partial: 'Data disclosed in part', nothing_disclosed: 'No data disclosed',
  challenged: 'Challenged: no data disclosed', withdrawn: 'Withdrawn by the authority',
};
export const STATUS_LABELS: Record<DemandStatus, string> = { open: 'Open', challenged: 'Challenged', closed: 'Closed' };
export const NOTICE_LABELS: Record<NoticeState, string> = { pending: 'Not sent yet', held: 'Held: non-disclosure order', sent: 'Notified' };

/** Job kind: releases the notices a prohibition held, at its end date; ref_id is the demand's id. */
export const RELEASE_NOTICE_JOB = 'legal_demand.release_notice';
/** The webhook event a customer concerned receives. */
export const RECEIVED_EVENT = 'legal_demand.received';

export interface DemandInput {
  reference: string | null;
  authorityName: string;
  authorityType: AuthorityType;
  country: string;
  legalBasis: string;
  scope: string;
  receivedAt: string;
  deadline: string | null;
  customerIds: string[];
  prohibited: boolean;
  prohibitionReference: string | null;
  prohibitionEndsOn: string | null;
}

const DATE_MESSAGE = 'must be a date (YYYY-MM-DD)';

/** An instant (ISO 8601 with a zone) or a date (read as its start in UTC); null when invalid. */
function instantOf(s: string): string | null {
  if (isRealDate(s)) return `${s}T00:00:00.000Z`;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/**
 * Reads a demand from JSON or a form; one error names every bad field. `now` bounds `receivedAt`
 * (not in the future). A prohibition's end date is optional: none means indefinite.
 */
export function parseDemandInput(raw: unknown, now: Date): DemandInput {
  const r = new InputReader(raw);
  const reference = r.text('reference', { max: 200 });
  const authorityName = r.text('authorityName', { required: true, max: 300, name: true });
  const authorityType = r.choice('authorityType', AUTHORITY_TYPES, { required: true });
  const countryText = r.text('country', { required: true, max: 20 });
  const country = countryText && isCountryCode(countryText.toUpperCase()) ? countryText.toUpperCase() : null;
  if (countryText && !country) r.problem('country', 'must be an ISO 3166-1 alpha-2 country code');
  const legalBasis = r.text('legalBasis', { required: true, max: 2000 });
  const scope = r.text('scope', { required: true, max: 5000 });
  const receivedText = r.text('receivedAt', { required: true, max: 40 });
  const receivedAt = receivedText ? instantOf(receivedText) : null;
  if (receivedText && !receivedAt) r.problem('receivedAt', 'must be a date (YYYY-MM-DD) or an instant (ISO 8601 with its offset)');
  else if (receivedAt && receivedAt > now.toISOString()) r.problem('receivedAt', 'must not be in the future');
  const deadline = r.text('deadline', { max: 10, pattern: /^\d{4}-\d{2}-\d{2}$/, patternMessage: DATE_MESSAGE });
  if (deadline && !isRealDate(deadline)) r.problem('deadline', DATE_MESSAGE);
  const customerIds = r.list('customerIds', { max: 1000 });
  const prohibited = r.flag('prohibited');
  const prohibitionReference = r.text('prohibitionReference', { max: 500 });
  const prohibitionEndsOn = r.text('prohibitionEndsOn', { max: 10, pattern: /^\d{4}-\d{2}-\d{2}$/, patternMessage: DATE_MESSAGE });
  if (prohibitionEndsOn && !isRealDate(prohibitionEndsOn)) r.problem('prohibitionEndsOn', DATE_MESSAGE);
  if (!prohibited && (prohibitionReference || prohibitionEndsOn)) r.problem('prohibited', 'must be true when a prohibition reference or end date is given');
  return r.done({
    reference, authorityName: authorityName as string, authorityType: authorityType as AuthorityType, country: country as string,
    legalBasis: legalBasis as string, scope: scope as string, receivedAt: receivedAt as string, deadline, customerIds,
    prohibited, prohibitionReference: prohibited ? prohibitionReference : null, prohibitionEndsOn: prohibited ? prohibitionEndsOn : null,
  });
}

/** `{ notes }` of a challenge. */
export function parseChallengeInput(raw: unknown): { notes: string } {
  const r = new InputReader(raw);
  const notes = r.text('notes', { required: true, max: 5000 });
  return r.done({ notes: notes as string });
}

/** `{ outcome, disclosed }`: what was disclosed is required when something was. */
export function parseOutcomeInput(raw: unknown): { outcome: DemandOutcome; disclosed: string | null } {
  const r = new InputReader(raw);
  const outcome = r.choice('outcome', DEMAND_OUTCOMES, { required: true });
  const disclosed = r.text('disclosed', { max: 5000 });
  if ((outcome === 'disclosed_full' || outcome === 'disclosed_partial') && !disclosed) r.problem('disclosed', 'is required when data was disclosed');
  return r.done({ outcome: outcome as DemandOutcome, disclosed });
}

/** Whether a demand's prohibition still forbids notice on `today` (YYYY-MM-DD in the workspace's zone). */
export function isProhibitedOn(d: Row<'legal_demands'>, today: string): boolean {
  if (d.prohibited !== 1 || d.prohibition_lifted_at) return false;
  return d.prohibition_ends_on === null || today < d.prohibition_ends_on;
}

/** What the audit chain keeps of a demand: ids, vocabulary values and dates, never free text or a customer's name. */
export const demandAuditView = (d: Row<'legal_demands'>) => ({
  id: d.id, authorityType: d.authority_type, country: d.country, receivedAt: d.received_at, deadline: d.deadline, status: d.status,
  outcome: d.outcome, prohibited: d.prohibited === 1, prohibitionEndsOn: d.prohibition_ends_on, prohibitionLiftedAt: d.prohibition_lifted_at,
});
