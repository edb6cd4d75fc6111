/**
 * Incidents and personal-data breaches (issue 13 §1, IN1): types and pure rules. The clocks come
 * from rules/breach-clocks.yaml (legal constants as data); hours are real hours from awareness.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Row } from '../../db/schema.ts';
import type { ObligationDecision, ObligationState } from '../../db/schema-incidents.ts';

export interface BreachRegime {
  recipient: 'authority' | 'customer' | 'data_subjects';
  when: 'controller_data' | 'affected_customers';
  hours: number | null;
  contractualHours?: 'breach_notice_hours';
  basis: string;
  contractualBasis?: string;
  decision: ObligationDecision;
}

export interface BreachRules {
  version: string;
  source: { document: string; url: string; checked: string };
  regimes: Record<string, BreachRegime>;
}

let cached: BreachRules | null = null;

/** The breach clocks as rule data (rules/breach-clocks.yaml). */
export function breachRules(): BreachRules {
  cached ??= parse(readFileSync(new URL('./rules/breach-clocks.yaml', import.meta.url), 'utf8')) as BreachRules;
  return cached;
}

/**
 * The instant `hours` real hours after awareness: elapsed time, not wall-clock time, so a DST
 * change or a midnight in between changes nothing.
 * @example dueAfterHours('2026-10-24T22:30:00Z', 72) // '2026-10-27T22:30:00.000Z'
 */
export function dueAfterHours(awareAt: string, hours: number): string {
  return new Date(new Date(awareAt).getTime() + hours * 3_600_000).toISOString();
}

/** An obligation's clock in words, computed on the server: "due in 41 h", "overdue by 3 h", "without undue delay". */
export function clockText(o: { due_at: string | null; state: ObligationState }, now: Date): string {
  if (o.state === 'filed') return 'filed';
  if (o.state === 'not_required') return 'not required';
  if (o.state === 'void') return 'no longer in scope';
  if (!o.due_at) return 'without undue delay';
  const ms = new Date(o.due_at).getTime() - now.getTime();
  const h = Math.floor(Math.abs(ms) / 3_600_000);
  const m = Math.floor((Math.abs(ms) % 3_600_000) / 60_000);
  const span = h > 0 ? `${h} h` : `${m} min`;
  return ms >= 0 ? `due in ${span}` : `overdue by ${span}`;
}

export interface ObligationView {
  id: string;
  incidentId: string;
  regime: string;
  recipient: string;
  customerId: string | null;
  customerName: string | null;
  dueAt: string | null;
  dueBasis: string;
  decision: ObligationDecision;
  decisionReason: string | null;
  state: ObligationState;
  isOverdue: boolean;
}

/** The fields of an obligation that leave the server. */
export function presentObligation(o: Row<'incident_obligations'>, now: Date, customerName: string | null = null): ObligationView {
  return {
    id: o.id, incidentId: o.incident_id, regime: o.regime, recipient: o.recipient, customerId: o.customer_id, customerName,
    dueAt: o.due_at, dueBasis: o.due_basis, decision: o.decision, decisionReason: o.decision_reason, state: o.state,
    isOverdue: o.state === 'open' && o.due_at !== null && o.due_at < now.toISOString(),
  };
}

export interface IncidentView {
  id: string;
  title: string;
  description: string;
  startedAt: string;
  awareAt: string;
  isBreach: boolean | null;
  breachReason: string | null;
  controllerData: boolean;
  highRisk: boolean | null;
  dataCategories: string[];
  subjectCategories: string[];
  approxSubjects: number | null;
  approxRecords: number | null;
  consequences: string | null;
  measuresTaken: string | null;
  measuresProposed: string | null;
  contactPoint: string | null;
  status: Row<'incidents'>['status'];
  createdAt: string;
  updatedAt: string;
}

const bool = (n: number | null): boolean | null => (n === null ? null : n === 1);

/** The fields of an incident that leave the server. */
export function presentIncident(i: Row<'incidents'>): IncidentView {
  return {
    id: i.id, title: i.title, description: i.description, startedAt: i.started_at, awareAt: i.aware_at,
    isBreach: bool(i.is_breach), breachReason: i.breach_reason, controllerData: i.controller_data === 1, highRisk: bool(i.high_risk),
    dataCategories: JSON.parse(i.data_categories) as string[], subjectCategories: JSON.parse(i.subject_categories) as string[],
    approxSubjects: i.approx_subjects, approxRecords: i.approx_records, consequences: i.consequences,
    measuresTaken: i.measures_taken, measuresProposed: i.measures_proposed, contactPoint: i.contact_point,
    status: i.status, createdAt: i.created_at, updatedAt: i.updated_at,
  };
}

/** The fields of a filing that leave the server (to operators: the recipient's address is theirs to see). */
export function presentFiling(f: Row<'incident_filings'>) {
  return { id: f.id, obligationId: f.obligation_id, phase: f.phase, channel: f.channel, sentBy: f.sent_by, sentTo: f.sent_to, sentAt: f.sent_at, reference: f.reference, content: f.content };
}

/** One entry of the timeline. */
export function presentIncidentEvent(e: Row<'incident_events'>) {
  return { seq: e.seq, at: e.at, kind: e.kind, actor: e.actor_label, note: e.note, data: JSON.parse(e.data) as Record<string, unknown> };
}
