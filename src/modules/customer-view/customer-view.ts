/**
 * One truth per customer (issue 10 §1): what applies to one customer at one instant. Its
 * sub-processors in effect come from the published list version of that instant, with every change
 * that is not (yet) in effect for this customer read back out; the changes proposed to it come with
 * their state for it; its transfers are assessed on those engagements only. The portal, the DPA's
 * Annex IV, the customer's record of processing, its data map and its notices read this, never the
 * live registry.
 */
import type { Authorisation } from '../../db/schema.ts';
import type { SnapshotItem } from '../publishing/snapshot.ts';

/** A sub-processor engagement in effect for the customer, as published, with its entity's particulars. */
export interface CustomerEngagement extends SnapshotItem {
  entityAddress: string | null;
  entityCountry: string | null;
  /** Contact e-mail and DPO, as the entity record gives them. */
  entityContact: string | null;
}

/** Where a proposed change stands for this customer. */
export type ProposedState =
  | 'awaiting_consent' // specific authorisation, no answer yet
  | 'may_object' // general authorisation, window open until lastDayToObject
  | 'objection_open'
  | 'consent_refused'
  | 'consented' // specific: consent given, takes effect at effectiveDate
  | 'window_closed' // general: window over, takes effect at effectiveDate
  | 'held'; // objection resolved with an alternative, or the customer terminates: not in effect for it

export interface ProposedChange {
  changeId: string;
  title: string;
  reason: string;
  proposedDate: string;
  /** This customer's own date: no earlier than the proposed date (and, under general authorisation, the end of its notice). */
  effectiveDate: string;
  /** General authorisation only; null under specific authorisation (no objection window). */
  lastDayToObject: string | null;
  authorisation: Authorisation;
  state: ProposedState;
  /** A sentence for the customer, e.g. "Awaiting your consent" or "You refused on 2026-12-01". */
  stateLabel: string;
  /** Date of the answer or resolution the state rests on, when there is one. */
  since: string | null;
}

/** A transfer of the customer's data, as the customer may read it: neutral facts only. */
export interface CustomerTransfer {
  engagementId: string;
  name: string;
  country: string;
  /** e.g. "Inside the EEA", "Adequacy decision", "Transfer mechanism: none recorded". */
  fact: string;
  /** The fact's kind, for maps and filters: inside the EEA, an adequacy decision, a recorded mechanism, none recorded. */
  kind: 'eea' | 'adequacy' | 'mechanism' | 'none';
  /** The customer's contract does not authorise transfers outside the EEA and this one is. */
  notAuthorisedByContract: boolean;
}

export interface CustomerViewAt {
  customerId: string;
  /** The instant and the customer's calendar date at it. */
  at: string;
  date: string;
  /** The workspace's country: a UK or Swiss processor's transfers are assessed under its own regime. */
  exporter: string | null;
  /** The published list version the view starts from; null: nothing published yet. */
  listVersion: number | null;
  inEffect: CustomerEngagement[];
  proposed: ProposedChange[];
  transfers: CustomerTransfer[];
}
