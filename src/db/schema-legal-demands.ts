/** Tables of legal demands from authorities (issue 13 §2, IN2; migration 0011). */
import type { Generated } from 'kysely';

export const AUTHORITY_TYPES = ['law_enforcement', 'court', 'regulator', 'tax', 'intelligence', 'other'] as const;
export type AuthorityType = (typeof AUTHORITY_TYPES)[number];
/** open: being handled; challenged: contested before the authority or a court; closed: an outcome is recorded. */
export const DEMAND_STATUSES = ['open', 'challenged', 'closed'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];
export const DEMAND_OUTCOMES = ['disclosed_full', 'disclosed_partial', 'nothing_disclosed', 'challenged', 'withdrawn'] as const;
export type DemandOutcome = (typeof DEMAND_OUTCOMES)[number];
/** pending: not sent yet; held: a non-disclosure order forbids it; sent: the customer was told. */
export const NOTICE_STATES = ['pending', 'held', 'sent'] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

export interface LegalDemandsTable {
  id: string;
  workspace_id: string;
  /** The authority's own reference (case or order number); null when none. */
  reference: string | null;
  authority_name: string;
  authority_type: AuthorityType;
  /** ISO 3166-1 alpha-2 of the jurisdiction the authority acts in. */
  country: string;
  legal_basis: string;
  /** What is demanded (accounts, data categories, period). */
  scope: string;
  received_at: string;
  /** YYYY-MM-DD the authority wants an answer by; null: none given. */
  deadline: string | null;
  status: DemandStatus;
  outcome: DemandOutcome | null;
  /** What was disclosed, described (never the data itself). */
  disclosed: string | null;
  challenge_notes: string | null;
  /** 1: a non-disclosure order forbids telling the customers concerned. */
  prohibited: Generated<number>;
  /** Where the order's text is kept (document reference), not the text. */
  prohibition_reference: string | null;
  /** YYYY-MM-DD from which notice may go out; null while prohibited: indefinite. */
  prohibition_ends_on: string | null;
  /** Set when the prohibition was lifted before its end (or an indefinite one was lifted). */
  prohibition_lifted_at: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A customer whose data a demand concerns, with the state of its notice. */
export interface LegalDemandCustomersTable {
  demand_id: string;
  customer_id: string;
  workspace_id: string;
  notice_state: NoticeState;
  notified_at: string | null;
  created_at: string;
}

/** The append-only timeline of a demand; `detail` is JSON with ids and dates only. */
export interface LegalDemandEventsTable {
  id: string;
  demand_id: string;
  workspace_id: string;
  at: string;
  kind: string;
  actor: string;
  detail: Generated<string>;
}
