/** Tables of data-subject requests (issue 12, migration 0008). */
import type { Generated } from 'kysely';

export const REQUEST_TYPES = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection', 'opt_out_sale', 'withdraw_consent'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];
export const REQUEST_CHANNELS = ['web', 'api', 'operator', 'customer'] as const;
export type RequestChannel = (typeof REQUEST_CHANNELS)[number];
export const REQUESTER_KINDS = ['self', 'agent', 'parent'] as const;
export type RequesterKind = (typeof REQUESTER_KINDS)[number];
/** Who decides on the request: the workspace (its own users and visitors) or one of its customers (their end users). */
export type RequestController = 'workspace' | 'customer';
export const REQUEST_STATUSES = [
  'awaiting_verification', 'awaiting_clarification', 'forwarded', 'awaiting_instruction', 'in_progress', 'completed', 'refused', 'withdrawn', 'duplicate',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export interface DsrRequestsTable {
  id: string;
  workspace_id: string;
  /** Short reference the requester and operators quote, unique per workspace. */
  reference: string;
  type: RequestType;
  regime: string;
  channel: RequestChannel;
  controller: RequestController;
  customer_id: string | null;
  requester_kind: RequesterKind;
  subject_name: string | null;
  subject_email: string | null;
  /** JSON object of identity values the systems are searched by. */
  subject_identity: Generated<string>;
  agent_name: string | null;
  agent_email: string | null;
  /** What the agent or parent gave as evidence of authority (description or document reference). */
  agent_evidence: string | null;
  details: string | null;
  status: RequestStatus;
  /** Rule data key of the verification asked for (requests/rules/verification.yaml). */
  verification_level: string;
  verified_at: string | null;
  received_at: string;
  received_on: string;
  time_zone: string;
  calendar: string | null;
  due_on: string;
  extended_due_on: string | null;
  extension_reason: string | null;
  extended_at: string | null;
  customer_due_on: string | null;
  external_id: string | null;
  status_token_hash: string;
  duplicate_of: string | null;
  outcome: string | null;
  outcome_reason: string | null;
  closed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface DsrRequestEventsTable {
  id: string;
  request_id: string;
  at: string;
  kind: string;
  actor: string;
  detail: Generated<string>;
}

export interface DsrVerificationsTable {
  id: string;
  request_id: string;
  code_hash: string;
  link_token_hash: string;
  expires_at: string;
  attempts: Generated<number>;
  used_at: string | null;
  created_at: string;
}

export interface DsrPausesTable {
  id: string;
  request_id: string;
  /** identity | clarification */
  reason: string;
  note: string | null;
  started_at: string;
  ended_at: string | null;
}

export interface DsrForwardingsTable {
  id: string;
  request_id: string;
  customer_id: string;
  /** The contract's term used: `<n>h` or `<n>d`. */
  within: string;
  due_at: string;
  sent_at: string | null;
  reminded_at: string | null;
  instruction: 'fulfil' | 'refuse' | null;
  instruction_reason: string | null;
  instructed_at: string | null;
  instructed_by: string | null;
  reported_at: string | null;
  created_at: string;
}

export interface DsrSystemsTable {
  id: string;
  workspace_id: string;
  name: string;
  customer_id: string | null;
  dataset_yaml: string;
  connection_ref: string;
  created_at: string;
  updated_at: string;
}

export interface DsrSystemRunsTable {
  id: string;
  request_id: string;
  system_id: string | null;
  system_name: string;
  action: 'access' | 'erase';
  outcome: 'ok' | 'failed' | 'held';
  summary: Generated<string>;
  error: string | null;
  started_at: string;
  finished_at: string | null;
}

export interface DsrRetentionRulesTable {
  id: string;
  workspace_id: string;
  key: string;
  label: string;
  legal_basis: string;
  applies_to: string;
  retain_for: string | null;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface DsrLegalHoldsTable {
  id: string;
  workspace_id: string;
  subject_email: string;
  reason: string;
  placed_at: string;
  placed_by: string;
  released_at: string | null;
  released_by: string | null;
}

export interface DsrWithheldTable {
  id: string;
  request_id: string;
  system_name: string;
  collection: string;
  row_key: string;
  fields: string;
  rule_key: string;
  legal_basis: string;
  created_at: string;
}

export interface DsrPackagesTable {
  id: string;
  request_id: string;
  token_hash: string;
  file_name: string;
  size: number;
  sha256: string;
  ciphertext_base64: string | null;
  iv: string;
  auth_tag: string;
  expires_at: string;
  downloaded_at: string | null;
  deleted_at: string | null;
  created_at: string;
}

/** API tokens of a customer, issued in the portal (migration 0009); only the hash is kept. */
export interface CustomerApiTokensTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  name: string;
  token_hash: string;
  hint: string;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}
