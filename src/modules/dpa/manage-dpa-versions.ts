/**
 * Writing DPA versions (CU2): one draft at a time, edited until published; publishing fixes the
 * body's SHA-256, makes the version immutable and asks every customer that accepted an older
 * version to accept the new one — requests and e-mails in the publishing transaction.
 */
import { readFileSync } from 'node:fs';
import { mapUnique } from '../../db/errors.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { conflict, notFound } from '../../shared/errors.ts';
import { newId, sha256 } from '../../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { type DpaVersionView, parseDpaVersionInput } from './dpa.ts';
import { findDpaVersion, findLatestPublished } from './dpa.queries.ts';
import { particularsMissing, workspaceDpaReadiness } from './dpa-readiness.ts';
import { createAcceptanceRequests } from './request-dpa-acceptance.ts';

/** A short generic template: the first draft of a workspace with nothing published yet. */
export const GENERIC_TEMPLATE = (): string => readFileSync(new URL('./templates/generic.md', import.meta.url), 'utf8');
export const GENERIC_TITLE = 'Data Processing Agreement';

export const versionPublished = () => conflict('this DPA version is published: it can no longer be changed', 'dpa_version_published');

/** What the audit log keeps of a version: its fields, the body by its hash (the body is in the row). */
const auditView = (v: DpaVersionView) => ({ id: v.id, version: v.version, title: v.title, note: v.note, status: v.status, bodySha256: v.bodySha256 ?? sha256(v.body), placeholders: v.placeholders });

/** Serialises writers of one workspace's DPA (PostgreSQL); SQLite has one writer anyway. */
async function lockWorkspace(tx: TxDeps, workspaceId: string): Promise<void> {
  if (tx.caps.rowLocks) await tx.db.selectFrom('workspaces').select('id').where('id', '=', workspaceId).forUpdate().execute();
}

async function loadForWrite(tx: TxDeps, workspaceId: string, id: string): Promise<DpaVersionView> {
  await lockWorkspace(tx, workspaceId);
  const v = await findDpaVersion(tx.db, workspaceId, id);
  if (!v) throw notFound('DPA version');
  if (v.status === 'published') throw versionPublished();
  return v;
}

/**
 * Starts the next version as a draft: from `raw` when it has a body, else a copy of the latest
 * published version (the usual "new version"), else the generic template. 409 `dpa_draft_exists`
 * while another draft is open.
 * @example await createDpaDraft(deps, scope, {}) // v(n+1) copying v(n)
 */
export async function createDpaDraft(deps: Deps, scope: Scope, raw: unknown = {}): Promise<DpaVersionView> {
  const given = raw && typeof raw === 'object' && (raw as Record<string, unknown>).body !== undefined;
  return inTransaction(deps, async (tx) => {
    await lockWorkspace(tx, scope.workspaceId);
    const draft = await tx.db.selectFrom('dpa_versions').select('version').where('workspace_id', '=', scope.workspaceId).where('status', '=', 'draft').executeTakeFirst();
    if (draft) throw conflict(`version ${draft.version} is still a draft: edit or publish it first`, 'dpa_draft_exists');
    const latest = await findLatestPublished(tx.db, scope.workspaceId);
    const input = given
      ? parseDpaVersionInput(raw)
      : { title: latest?.title ?? GENERIC_TITLE, body: latest?.body ?? GENERIC_TEMPLATE(), note: null };
    const top = await tx.db.selectFrom('dpa_versions').select((eb) => eb.fn.max('version').as('v')).where('workspace_id', '=', scope.workspaceId).executeTakeFirst();
    const id = newId();
    const now = tx.clock.now().toISOString();
    await mapUnique(() => tx.db.insertInto('dpa_versions').values({
      id, workspace_id: scope.workspaceId, version: Number(top?.v ?? 0) + 1, title: input.title, body: input.body, note: input.note, status: 'draft',
      body_sha256: null, created_by: scope.actor.label, created_at: now, updated_at: now, published_at: null, published_by: null,
    }).execute(), 'another version was created at the same time: reload and try again', 'dpa_draft_exists');
    const after = (await findDpaVersion(tx.db, scope.workspaceId, id)) as DpaVersionView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'dpa_version.created', subjectType: 'dpa_version', subjectId: id, after: auditView(after) });
    return after;
  });
}

/** Replaces a draft's title, body and note; 409 `dpa_version_published` for a published version. */
export async function updateDpaDraft(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<DpaVersionView> {
  const input = parseDpaVersionInput(raw);
  return inTransaction(deps, async (tx) => {
    const before = await loadForWrite(tx, scope.workspaceId, id);
    await tx.db.updateTable('dpa_versions').set({ title: input.title, body: input.body, note: input.note, updated_at: tx.clock.now().toISOString() })
      .where('id', '=', id).where('status', '=', 'draft').execute();
    const after = (await findDpaVersion(tx.db, scope.workspaceId, id)) as DpaVersionView;
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'dpa_version.updated', subjectType: 'dpa_version', subjectId: id, before: auditView(before), after: auditView(after) });
    return after;
  });
}

/** Discards a draft; 409 `dpa_version_published` for a published version (the ledger refers to it). */
export async function deleteDpaDraft(deps: Deps, scope: Scope, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const before = await loadForWrite(tx, scope.workspaceId, id);
    await tx.db.deleteFrom('dpa_versions').where('id', '=', id).where('status', '=', 'draft').execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'dpa_version.deleted', subjectType: 'dpa_version', subjectId: id, before: { ...auditView(before), body: before.body } });
  });
}

export interface PublishResult {
  version: DpaVersionView;
  /** The Art 28(3) terms the published body does not cover (as `version.warnings`). */
  warnings: DpaVersionView['warnings'];
  /** Customers asked to accept again (they had accepted an older version). */
  customersAsked: number;
  messages: number;
}

/**
 * Publishes a draft. Customers whose latest acceptance is of an older version get a new link per
 * contact, e-mailed in this transaction, so a crash leaves neither the version nor the requests.
 * 409 `dpa_particulars_missing` (nothing changes) while the processor's particulars for Annex I,
 * every processing activity (Annex II) or every measure (Annex III) are missing; the message names
 * each. Terms of Art 28(3) the body misses do not stop it: they come back as `warnings`.
 */
export async function publishDpaVersion(deps: Deps, scope: Scope, id: string): Promise<PublishResult> {
  return inTransaction(deps, async (tx) => {
    const draft = await loadForWrite(tx, scope.workspaceId, id);
    const missing = await workspaceDpaReadiness(tx.db, scope.workspaceId);
    if (missing.length) throw particularsMissing('this DPA version cannot be published', missing);
    const now = tx.clock.now().toISOString();
    await tx.db.updateTable('dpa_versions').set({ status: 'published', body_sha256: sha256(draft.body), published_at: now, published_by: scope.actor.label, updated_at: now })
      .where('id', '=', id).where('status', '=', 'draft').execute();
    const version = (await findDpaVersion(tx.db, scope.workspaceId, id)) as DpaVersionView;
    const accepted = await tx.db.selectFrom('dpa_acceptances').select(['customer_id', 'version']).where('workspace_id', '=', scope.workspaceId).execute();
    const latestOf = new Map<string, number>();
    for (const a of accepted) latestOf.set(a.customer_id, Math.max(latestOf.get(a.customer_id) ?? 0, Number(a.version)));
    const customerIds = [...latestOf].filter(([, v]) => v < version.version).map(([c]) => c).sort();
    let messages = 0;
    for (const customerId of customerIds) {
      messages += (await createAcceptanceRequests(tx, scope.workspaceId, customerId, version, { reaccept: true })).length;
    }
    await recordAuditEvent(tx, {
      workspaceId: scope.workspaceId, actor: scope.actor, action: 'dpa_version.published', subjectType: 'dpa_version', subjectId: id,
      before: { status: 'draft' }, after: { ...auditView(version), publishedAt: version.publishedAt, customersAsked: customerIds.length, messages, warnings: version.warnings.map((w) => w.term) },
    });
    return { version, warnings: version.warnings, customersAsked: customerIds.length, messages };
  });
}
