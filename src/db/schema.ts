/**
 * The Database interface: one source of truth for tables, shared by both dialects.
 * Mapping: snake_case columns, ids are text (UUID), instants are ISO-8601 text in UTC,
 * dates are YYYY-MM-DD text, booleans are 0/1 integers, lists and objects are JSON text.
 */
import type { Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
import type {
  DsrForwardingsTable, DsrLegalHoldsTable, DsrPackagesTable, DsrPausesTable, DsrRequestEventsTable, DsrRequestsTable, DsrRetentionRulesTable,
  DsrSystemRunsTable, DsrSystemsTable, DsrVerificationsTable, DsrWithheldTable, CustomerApiTokensTable,
} from './schema-requests.ts';
import type { LegalDemandCustomersTable, LegalDemandEventsTable, LegalDemandsTable } from './schema-legal-demands.ts';
import type { IncidentEventsTable, IncidentFilingsTable, IncidentObligationsTable, IncidentScopeTable, IncidentsTable } from './schema-incidents.ts';

export type Role = 'owner' | 'admin' | 'editor' | 'viewer';

export interface WorkspacesTable {
  id: string;
  slug: string;
  name: string;
  /** How the public list groups engagements: by kind, or by service/platform. */
  group_by: 'kind' | 'service';
  /** Set for the demo workspaces: names the public document the data comes from. */
  example_source: string | null;
  /** Notice period in days that customers get unless their contract says otherwise (CU1). */
  notice_days: Generated<number>;
  /** IANA time zone in which dates of notices and effective dates are counted. */
  time_zone: Generated<string>;
  /** The processor's particulars as a party to its DPAs (Annex I.A); null until filled in. */
  legal_name: string | null;
  address: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  contact_name: string | null;
  contact_email: string | null;
  dpo_contact: string | null;
  /** Notice period as `<n>d`, `<n>w` or `<n>m` (Regulation 1182/71 units); null on old rows: `notice_days` days. */
  notice_period: string | null;
  /** ISO 3166-1 or 3166-2 code whose public holidays count periods; null: `country`, else weekends only. */
  calendar: string | null;
  /** Regime counting the workspace's own data-subject requests (gdpr, uk-gdpr, ccpa, …); null: from its country. */
  dsr_regime: string | null;
  /** The processor's representative in the Union (Art 27, Art 30(2)(a)). */
  representative: string | null;
  /** Who signs the DPA for the processor (Annex I). */
  signatory_name: string | null;
  signatory_title: string | null;
  /** Branding on public pages, notices and the portal: a colour (#rrggbb) and a logo (data: URI, PNG or SVG). */
  brand_colour: string | null;
  logo_data_uri: string | null;
  /** Sender of the workspace's notices; null: MAIL_FROM. */
  mail_from_name: string | null;
  mail_from_address: string | null;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  is_instance_admin: number;
  created_at: string;
  /** Wrong passwords in a row for this account (reset on success): the per-account back-off. */
  failed_signins: Generated<number>;
  /** No password is checked for this account before this instant. */
  signin_blocked_until: string | null;
}

export interface MembershipsTable {
  workspace_id: string;
  user_id: string;
  role: Role;
  created_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface SigninLinksTable {
  /** SHA-256 of the secret in the link. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ApiTokensTable {
  id: string;
  workspace_id: string;
  name: string;
  token_hash: string;
  /** First characters of the token, to recognise it in lists. */
  hint: string;
  role: Role;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditEventsTable {
  id: string;
  workspace_id: string;
  seq: number;
  at: string;
  actor_type: 'user' | 'token' | 'system';
  actor_id: string | null;
  actor_label: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}

export interface EntitiesTable {
  id: string;
  workspace_id: string;
  name: string;
  legal_name: string | null;
  /** Country of incorporation, ISO 3166-1 alpha-2. */
  country: string | null;
  address: string | null;
  website: string | null;
  contact_email: string | null;
  dpo_contact: string | null;
  parent_entity_id: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

export interface ServicesTable {
  id: string;
  workspace_id: string;
  slug: string;
  name: string;
  description: string | null;
  position: number;
}

export interface RegionsTable {
  id: string;
  workspace_id: string;
  slug: string;
  name: string;
  provider: string | null;
  provider_region: string | null;
  /** JSON: [{ "label": "Paris-Pantin", "country": "FR" }] */
  data_centres: string;
  backup_location: string | null;
  /** JSON: ["FR"] */
  backup_countries: string;
  position: number;
}

export interface EngagementsTable {
  id: string;
  workspace_id: string;
  entity_id: string;
  role: 'subprocessor' | 'subcontractor';
  kind: 'affiliate' | 'infrastructure' | 'third_party';
  context: 'processor' | 'controller';
  purpose: string;
  section: string | null;
  countries: string;
  data_categories: string;
  data_subject_categories: string;
  transfer_mechanisms: string;
  certifications: string;
  dpa_on_file: number;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface EngagementServicesTable {
  engagement_id: string;
  service_id: string;
}

export interface EngagementRegionsTable {
  engagement_id: string;
  region_id: string;
}

export interface ListVersionsTable {
  id: string;
  workspace_id: string;
  version: number;
  current_as_of: string;
  published_at: string;
  published_by: string;
  note: string | null;
  /** JSON: the published list (see modules/publishing/snapshot.ts). */
  snapshot: string;
  /** JSON: the structural diff from the previous version. */
  changelog: string;
  /** SHA-256 of the snapshot: the ETag seed. */
  digest: string;
}

export interface ImportDraftsTable {
  id: string;
  workspace_id: string;
  /** File name or URL host the records came from. */
  source: string;
  status: 'draft' | 'applied' | 'discarded';
  /** JSON: ImportedRow[] */
  rows: string;
  /** JSON: ImportWarning[] */
  warnings: string;
  created_by: string;
  created_at: string;
  decided_at: string | null;
}

export type Authorisation = 'general' | 'specific';

export interface CustomersTable {
  id: string;
  workspace_id: string;
  name: string;
  /** Country of establishment, ISO 3166-1 alpha-2. */
  country: string | null;
  /** IANA time zone for this customer's dates; null = the workspace's. */
  time_zone: string | null;
  /** Contractual notice period in days; null = the workspace default. */
  notice_days: number | null;
  /** general: written authorisation with a right to object; specific: prior consent per change. */
  authorisation: Authorisation;
  special_terms: string | null;
  /** Postal address, for Annex I.A. */
  address: string | null;
  /** Contact person's name, position and contact details, for Annex I.A. */
  contact_person: string | null;
  /** Competent supervisory authority when it differs from the one of `country` (Annex I.C, Clause 13). */
  supervisory_authority: string | null;
  /** 1: the customer authorised transfers outside the EEA (with a valid basis); 0: it did not. */
  transfers_authorised: Generated<number>;
  /** Most one audit per this many months; null: the DPA's terms. */
  audit_frequency_months: number | null;
  /** Days of notice the customer gives before an audit; null: the DPA's terms. */
  audit_notice_days: number | null;
  /** At the end of the contract. */
  termination_handling: Generated<TerminationHandling>;
  /** Days after the end of the contract to return or delete the data; null: the DPA's terms. */
  termination_days: number | null;
  /** Contractual notice period as `<n>d`, `<n>w` or `<n>m`; null = the workspace default. Supersedes `notice_days`. */
  notice_period: string | null;
  /** ISO 3166-2 subdivision (e.g. DE-BY): its public holidays, and in Germany its Land authority. */
  subdivision: string | null;
  /** The controller's data protection officer (Art 30(2)(a)). */
  dpo_contact: string | null;
  /** The controller's representative in the Union (Art 27). */
  representative: string | null;
  /** Time to pass an end user's request on to this customer: `<n>h` or `<n>d`; null: the workspace default. */
  dsr_forward_within: string | null;
  /** Hours the contract gives the processor to notify a personal-data breach (Art 33(2)); null: without undue delay. */
  breach_notice_hours: number | null;
  created_at: string;
  updated_at: string;
}

export type TerminationHandling = 'return_then_delete' | 'delete' | 'return';

export interface CustomerContactsTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  email: string;
  name: string | null;
  created_at: string;
  /** Last invitation to the customer portal. */
  invited_at: string | null;
  last_signed_in_at: string | null;
}

export interface CustomerServicesTable {
  customer_id: string;
  service_id: string;
}

export interface CustomerRegionsTable {
  customer_id: string;
  region_id: string;
}

export interface WebhookEndpointsTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  url: string;
  /** HMAC-SHA256 key, shown to the operator to hand to the customer. */
  secret: string;
  active: number;
  created_at: string;
}

export type ChangeStatus = 'draft' | 'announced' | 'in_effect' | 'withdrawn';

export interface ChangesTable {
  id: string;
  workspace_id: string;
  title: string;
  reason: string;
  /** JSON: ChangeOperation[] (modules/changes/change-operations.ts). */
  operations: string;
  /** YYYY-MM-DD the processor wants the change to start. */
  proposed_date: string;
  status: ChangeStatus;
  /** JSON: what the notices describe, frozen at announcement (NoticeFacts). */
  notice: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  announced_at: string | null;
  announced_by: string | null;
  /** Instant the registry changes: the proposed date's start in the workspace time zone. */
  effective_at: string | null;
  applied_at: string | null;
  withdrawn_at: string | null;
  withdrawn_reason: string | null;
  version_before: number | null;
  version_after: number | null;
  last_error: string | null;
  /** JSON: { [operation index]: engagement id } created when the change was applied. */
  created_engagements: string | null;
}

export type ChangeCustomerStatus = 'notified' | 'in_effect' | 'not_in_effect' | 'withdrawn';

/** One row per customer a change touches, with that customer's own dates and answer. */
export interface ChangeCustomersTable {
  change_id: string;
  customer_id: string;
  workspace_id: string;
  authorisation: Authorisation;
  notice_days: number;
  time_zone: string;
  /** Last day of the objection window (inclusive), in the customer's time zone. */
  window_ends_on: string;
  effective_date: string;
  effective_at: string;
  /** SHA-256 of the objection/consent link token. */
  token_hash: string;
  status: ChangeCustomerStatus;
  consent: 'given' | 'refused' | null;
  consent_name: string | null;
  consent_title: string | null;
  consent_at: string | null;
  settled_at: string | null;
  /** The period as counted for this customer (`30d`, `1m` …); null on rows older than periods. */
  notice_period: string | null;
  /** The holiday calendar its dates were counted with (ISO 3166-1/-2); null: weekends only. */
  calendar: string | null;
  /** When a reminder to answer (specific authorisation) was sent. */
  reminded_at: string | null;
}

export type ObjectionResolution = 'change_withdrawn' | 'alternative_offered' | 'customer_terminates' | 'objection_withdrawn';

export interface ObjectionsTable {
  id: string;
  workspace_id: string;
  change_id: string;
  customer_id: string;
  reason: string;
  submitted_name: string;
  submitted_at: string;
  status: 'open' | 'resolved';
  resolution: ObjectionResolution | null;
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
}

export interface SubscribersTable {
  id: string;
  workspace_id: string;
  email: string;
  status: 'pending' | 'confirmed' | 'unsubscribed';
  /** JSON: service slugs; [] = all. */
  services: string;
  /** JSON: region slugs; [] = all. */
  regions: string;
  confirm_token_hash: string | null;
  /** Empty since migration 0007: unsubscribe links are stored as hashes in unsubscribe_links. */
  unsubscribe_token: string;
  created_at: string;
  confirmed_at: string | null;
  unsubscribed_at: string | null;
}

export type MessageStatus = 'queued' | 'sent' | 'outboxed' | 'failed';

/** Every e-mail Trustroom sends: the outbox and the delivery log in one. */
export interface MessagesTable {
  id: string;
  workspace_id: string;
  change_id: string | null;
  kind: string;
  recipient_type: 'subscriber' | 'contact' | 'user' | 'requester';
  recipient_id: string | null;
  to_address: string;
  /** One message per recipient and purpose, whatever retries happen. */
  idempotency_key: string;
  /** The Message-ID header, stable across retries. */
  message_id: string;
  subject: string;
  text_body: string;
  html_body: string;
  /** JSON: extra headers (List-Unsubscribe…). */
  headers: string;
  status: MessageStatus;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  workspace_id: string;
  endpoint_id: string;
  change_id: string | null;
  event: string;
  idempotency_key: string;
  /** The exact JSON body signed and sent. */
  body: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface WebhookAttemptsTable {
  id: string;
  delivery_id: string;
  attempt: number;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export type JobStatus = 'pending' | 'done' | 'failed' | 'cancelled';

/** Durable scheduled work: written in the transaction that causes it, run by any process. */
export interface JobsTable {
  id: string;
  workspace_id: string | null;
  kind: string;
  /** The row the job acts on (message, delivery, change…). */
  ref_id: string;
  idempotency_key: string;
  run_at: string;
  status: JobStatus;
  attempts: Generated<number>;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  workspaces: WorkspacesTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  signin_links: SigninLinksTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  entities: EntitiesTable;
  services: ServicesTable;
  regions: RegionsTable;
  engagements: EngagementsTable;
  engagement_services: EngagementServicesTable;
  engagement_regions: EngagementRegionsTable;
  list_versions: ListVersionsTable;
  import_drafts: ImportDraftsTable;
  customers: CustomersTable;
  customer_contacts: CustomerContactsTable;
  customer_services: CustomerServicesTable;
  customer_regions: CustomerRegionsTable;
  webhook_endpoints: WebhookEndpointsTable;
  changes: ChangesTable;
  change_customers: ChangeCustomersTable;
  objections: ObjectionsTable;
  subscribers: SubscribersTable;
  messages: MessagesTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  jobs: JobsTable;
  dpa_versions: DpaVersionsTable;
  dpa_acceptance_requests: DpaAcceptanceRequestsTable;
  dpa_acceptances: DpaAcceptancesTable;
  processing_activities: ProcessingActivitiesTable;
  processing_activity_services: ProcessingActivityServicesTable;
  measures: MeasuresTable;
  measure_evidence: MeasureEvidenceTable;
  portal_links: PortalLinksTable;
  portal_sessions: PortalSessionsTable;
  transfer_records: TransferRecordsTable;
  unsubscribe_links: UnsubscribeLinksTable;
  workspace_invitations: WorkspaceInvitationsTable;
  audit_checkpoints: AuditCheckpointsTable;
  meta: MetaTable;
  dsr_requests: DsrRequestsTable;
  dsr_request_events: DsrRequestEventsTable;
  dsr_verifications: DsrVerificationsTable;
  dsr_pauses: DsrPausesTable;
  dsr_forwardings: DsrForwardingsTable;
  dsr_systems: DsrSystemsTable;
  dsr_system_runs: DsrSystemRunsTable;
  dsr_retention_rules: DsrRetentionRulesTable;
  dsr_legal_holds: DsrLegalHoldsTable;
  dsr_withheld: DsrWithheldTable;
  dsr_packages: DsrPackagesTable;
  customer_api_tokens: CustomerApiTokensTable;
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  incident_scope: IncidentScopeTable;
  incident_obligations: IncidentObligationsTable;
  incident_filings: IncidentFilingsTable;
  legal_demands: LegalDemandsTable;
  legal_demand_customers: LegalDemandCustomersTable;
  legal_demand_events: LegalDemandEventsTable;
}

/** One unsubscribe link's secret, as its SHA-256 (one per message sent to a subscriber). */
export interface UnsubscribeLinksTable {
  token_hash: string;
  workspace_id: string;
  subscriber_id: string;
  created_at: string;
}

/** An invitation to join a workspace, for a person who may already have an account on the instance. */
export interface WorkspaceInvitationsTable {
  id: string;
  workspace_id: string;
  email: string;
  role: Role;
  /** SHA-256 of the secret in the invitation link. */
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

/** A signed checkpoint of a workspace's audit chain head (Ed25519, key kept outside the database). */
export interface AuditCheckpointsTable {
  id: string;
  workspace_id: string;
  /** The seq of the audit event at the head when signed. */
  seq: number;
  /** That event's chain hash. */
  head_hash: string;
  signed_at: string;
  /** Identifies the public key (e.g. the first 16 hex of its SHA-256). */
  key_id: string;
  /** Base64 Ed25519 signature of the checkpoint's canonical text. */
  signature: string;
}

/** What an operator keeps on file for one engagement's transfer to one country (issue 10 §4). */
export interface TransferRecordsTable {
  id: string;
  workspace_id: string;
  engagement_id: string;
  /** ISO 3166-1 alpha-2 of the destination. */
  country: string;
  /** SCC module or other instrument text: module_1 … module_4, uk_idta, uk_addendum, swiss_scc. */
  scc_module: string | null;
  dpf_certificate_url: string | null;
  /** YYYY-MM-DD the DPF certificate was last checked. */
  dpf_checked_on: string | null;
  /** Transfer impact assessment: a document reference (URL or name), its date and outcome. */
  tia_document: string | null;
  tia_date: string | null;
  tia_outcome: 'acceptable' | 'acceptable_with_measures' | 'not_acceptable' | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export type DpaVersionStatus = 'draft' | 'published';

/** A version of the workspace's DPA template: markdown with typed placeholders (CU2). Immutable once published. */
export interface DpaVersionsTable {
  id: string;
  workspace_id: string;
  /** 1, 2, 3 … per workspace. */
  version: number;
  title: string;
  /** Markdown with `{{placeholder}}`s. */
  body: string;
  note: string | null;
  status: DpaVersionStatus;
  /** SHA-256 of the template body, set on publishing. */
  body_sha256: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  published_by: string | null;
}

/** A signed link asking one customer to accept one DPA version (the token is stored as its hash). */
export interface DpaAcceptanceRequestsTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  dpa_version_id: string;
  /** The contact the link was e-mailed to, if any. */
  contact_id: string | null;
  token_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** The acceptance ledger: append-only. */
export interface DpaAcceptancesTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  dpa_version_id: string;
  version: number;
  signer_name: string;
  signer_title: string;
  signer_email: string;
  accepted_at: string;
  /** SHA-256 of the exact rendered document the signer saw. */
  document_sha256: string;
  /** That document (the HTML the hash is of); null for acceptances recorded before it was kept. */
  document_html: string | null;
  method: 'link' | 'portal';
  request_id: string | null;
  contact_id: string | null;
}

/** A processing activity of the records of processing (Art 30(1) as controller, 30(2) as processor). */
export interface ProcessingActivitiesTable {
  id: string;
  workspace_id: string;
  role: 'controller' | 'processor';
  name: string;
  /** JSON lists of strings. */
  purposes: string;
  data_subjects: string;
  data_categories: string;
  special_categories: string;
  recipients: string;
  legal_basis: string | null;
  nature: string | null;
  frequency: 'continuous' | 'one_off';
  duration: string | null;
  retention: string | null;
  /** Documentation of suitable safeguards for Art 49(1) second-subparagraph transfers. */
  transfer_safeguards: string | null;
  /** JSON list of joint controllers' names and contact details (Art 26, Art 30(1)(a)). */
  joint_controllers: Generated<string>;
  position: number;
  created_at: string;
  updated_at: string;
}

/** A processor activity applies to customers of these services (none listed: all services). */
export interface ProcessingActivityServicesTable {
  activity_id: string;
  service_id: string;
}

/** A technical or organisational measure (CU4). */
export interface MeasuresTable {
  id: string;
  workspace_id: string;
  /** A key of the measure categories catalogue. */
  category: string;
  title: string;
  description: string;
  owner: string | null;
  review_interval_days: number;
  /** YYYY-MM-DD. */
  last_reviewed_on: string | null;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface MeasureEvidenceTable {
  id: string;
  workspace_id: string;
  measure_id: string;
  kind: 'link' | 'file';
  label: string;
  url: string | null;
  file_name: string | null;
  content_type: string | null;
  byte_size: number | null;
  sha256: string | null;
  content_base64: string | null;
  created_by: string;
  created_at: string;
}

/** One-time links into the customer portal (the id is the token's hash). */
export interface PortalLinksTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  contact_id: string;
  purpose: 'invite' | 'signin';
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A customer contact's portal session (the id is the cookie's hash). */
export interface PortalSessionsTable {
  id: string;
  workspace_id: string;
  customer_id: string;
  contact_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

/** A database handle or an open transaction: use-cases accept either. */
export type Db = Kysely<Database> | Transaction<Database>;

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
export type { Generated };
