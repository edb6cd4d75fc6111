/**
 * Who may read what (issue 10 §1): the one place that says which findings are for customers and
 * which stay with operators. Customers read neutral facts (where their data goes and on which
 * recorded mechanism, what their contract says); legal judgements ("no valid basis"), advice
 * ("keep a TIA on file") and to-dos are for operators only and never reach the portal, a DPA, a
 * record, a notice or a public page.
 */
import type { ObjectionResolution } from '../../db/schema.ts';
import type { TransferAssessment } from '../transfers/assess-transfer.ts';
import { MECHANISM_LABELS, type TransferMechanism } from '../vocab/vocab.ts';
import type { ProposedState } from './customer-view.ts';

export type Audience = 'customer' | 'operator';

/** Every kind of finding Trustroom produces, with who may read it. */
export const FINDING_AUDIENCE = {
  /** Where the data goes and the mechanism recorded for it ("Transfer mechanism: none recorded"). */
  'transfer.fact': 'customer',
  /** The engine's status when it is a judgement (no valid basis, derogation) and its reasons. */
  'transfer.assessment': 'operator',
  /** The engine's warnings and advice (TIA on file, DPF under challenge, scope limits). */
  'transfer.warning': 'operator',
  /** A transfer outside the EEA that the customer's contract does not authorise: its own contract, so it is told. */
  'contract.transfer_not_authorised': 'customer',
  /** A change's state for the customer (awaiting your consent, you may object until …). */
  'change.state': 'customer',
  /** Who has not answered, who is held, what an operator must do next. */
  'change.outstanding': 'operator',
  /** Terms a DPA template misses (Art 28(3) checklist), empty record particulars. */
  'dpa.checklist': 'operator',
  'records.particulars': 'operator',
} as const satisfies Record<string, Audience>;

export type FindingKind = keyof typeof FINDING_AUDIENCE;

/** Whether a customer may read findings of this kind. */
export const isForCustomers = (kind: FindingKind): boolean => FINDING_AUDIENCE[kind] === 'customer';

/** Objection resolutions that keep a change out of effect for the customer that objected. */
export const HOLDING_RESOLUTIONS: readonly ObjectionResolution[] = ['alternative_offered', 'customer_terminates'];

/** The neutral sentence a customer reads about one transfer: never the engine's judgement. */
export function customerTransferFact(a: TransferAssessment & { customerFact?: string }, mechanisms: readonly TransferMechanism[]): string {
  if (a.customerFact) return a.customerFact;
  if (a.status === 'intra_eea') return 'Inside the EEA';
  if (a.status === 'domestic') return 'Inside the country of the processor';
  const recorded = mechanisms.filter((m) => m !== 'none');
  if (a.status === 'adequate' && !recorded.some((m) => m !== 'adequacy' && m !== 'dpf')) return recorded.includes('dpf') ? 'Adequacy decision (EU-US Data Privacy Framework)' : 'Adequacy decision';
  return recorded.length ? `Transfer mechanism: ${recorded.map((m) => MECHANISM_LABELS[m]).join('; ')}` : 'Transfer mechanism: none recorded';
}

/** The kind of a customer-facing transfer fact. */
export function transferFactKind(status: string, fact: string): 'eea' | 'adequacy' | 'mechanism' | 'none' {
  if (status === 'intra_eea' || status === 'domestic') return 'eea';
  if (/^adequacy/i.test(fact)) return 'adequacy';
  return /none recorded/i.test(fact) ? 'none' : 'mechanism';
}

/** The sentence a customer reads about a change that is not in effect for it. */
export function proposedStateLabel(state: ProposedState, d: { since: string | null; lastDayToObject: string; effectiveDate: string; proposedDate: string }): string {
  switch (state) {
    case 'awaiting_consent': return `Awaiting your consent: it takes effect for you only once you consent, and not before ${d.proposedDate}`;
    case 'consented': return `You consented${d.since ? ` on ${d.since}` : ''}: it takes effect for you on ${d.effectiveDate}`;
    case 'consent_refused': return `You refused${d.since ? ` on ${d.since}` : ''}: it does not take effect for you`;
    case 'may_object': return `You may object until ${d.lastDayToObject}; without an objection it takes effect for you on ${d.effectiveDate}`;
    case 'objection_open': return `Your objection${d.since ? ` of ${d.since}` : ''} is open: it does not take effect for you while it is`;
    case 'window_closed': return `It takes effect for you on ${d.effectiveDate}`;
    case 'held': return `Not in effect for you${d.since ? ` (since ${d.since})` : ''}: your objection was resolved without applying it to you`;
  }
}
