/** Tables of incidents and personal-data breaches (migration 0010, issue 13 §1). Mapping as in schema.ts. */
import type { Generated } from 'kysely';

export type IncidentStatus = 'open' | 'contained' | 'closed';
export type ObligationDecision = 'applies' | 'does_not_apply' | 'undecided';
/** open: a notice is owed; filed: at least one filing; not_required: decided it does not apply; void: no longer in scope, never filed. */
export type ObligationState = 'open' | 'filed' | 'not_required' | 'void';
export type ScopeKind = 'entity' | 'engagement' | 'region' | 'service';

/** The Art 33(5) register: one row per incident, breach or not. */
export interface IncidentsTable {
  id: string;
  workspace_id: string;
  title: string;
  /** What happened (nature of the breach, Art 33(3)(a)). */
  description: string;
  started_at: string;
  /** When the organisation became aware: every clock counts from here. */
  aware_at: string;
  /** 1 breach, 0 not a breach, null not decided yet; the reason either way. */
  is_breach: number | null;
  breach_reason: string | null;
  /** 1: data the workspace controls itself (its own customer accounts): Art 33(1) to the authority. */
  controller_data: Generated<number>;
  /** Art 34: 1 high risk to people, 0 not, null not assessed. */
  high_risk: number | null;
  /** JSON string lists. */
  data_categories: Generated<string>;
  subject_categories: Generated<string>;
  approx_subjects: number | null;
  approx_records: number | null;
  consequences: string | null;
  measures_taken: string | null;
  measures_proposed: string | null;
  contact_point: string | null;
  status: Generated<IncidentStatus>;
  created_at: string;
  updated_at: string;
}

/** Append-only timeline of an incident: never updated, never deleted. */
export interface IncidentEventsTable {
  id: string;
  workspace_id: string;
  incident_id: string;
  seq: number;
  at: string;
  kind: string;
  actor_label: string;
  note: string | null;
  /** JSON: what changed (field names and non-personal values). */
  data: Generated<string>;
}

export interface IncidentScopeTable {
  incident_id: string;
  workspace_id: string;
  kind: ScopeKind;
  ref_id: string;
}

export interface IncidentObligationsTable {
  id: string;
  workspace_id: string;
  incident_id: string;
  /** A key of rules/breach-clocks.yaml, e.g. gdpr-art33-1. */
  regime: string;
  /** authority, customer:<id> or data_subjects. */
  recipient: string;
  customer_id: string | null;
  /** Instant the notice is due; null: "without undue delay" with no figure. */
  due_at: string | null;
  /** How the due instant was reached, e.g. "72 h from awareness (Art 33(1))". */
  due_basis: string;
  decision: ObligationDecision;
  decision_reason: string | null;
  state: ObligationState;
  created_at: string;
  updated_at: string;
}

/** Append-only: every sending of a notice (initial, update, final). */
export interface IncidentFilingsTable {
  id: string;
  workspace_id: string;
  incident_id: string;
  obligation_id: string;
  phase: 'initial' | 'update' | 'final';
  channel: 'email' | 'webhook' | 'portal' | 'authority_portal' | 'post' | 'phone' | 'other';
  /** The actor's label. */
  sent_by: string;
  sent_to: string;
  sent_at: string;
  /** The recipient's reference number (an authority's case number), when given. */
  reference: string | null;
  content: string;
  created_at: string;
}
