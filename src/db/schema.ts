/**
 * The Database interface: one source of truth for tables, shared by both dialects.
 * Mapping: snake_case columns, ids are text (UUID), instants are ISO-8601 text in UTC,
 * dates are YYYY-MM-DD text, booleans are 0/1 integers, lists and objects are JSON text.
 */
import type { Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';

export type Role = 'owner' | 'admin' | 'editor' | 'viewer';

export interface WorkspacesTable {
  id: string;
  slug: string;
  name: string;
  /** How the public list groups engagements: by kind, or by service/platform. */
  group_by: 'kind' | 'service';
  /** Set for the demo workspaces: names the public document the data comes from. */
  example_source: string | null;
  created_at: string;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  is_instance_admin: number;
  created_at: string;
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
  meta: MetaTable;
}

/** A database handle or an open transaction: use-cases accept either. */
export type Db = Kysely<Database> | Transaction<Database>;

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
export type RowUpdate<T extends keyof Database> = Updateable<Database[T]>;
export type { Generated };
