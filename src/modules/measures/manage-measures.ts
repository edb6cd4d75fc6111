/**
 * Creating, replacing, reviewing and deleting measures and their evidence, each with its audit
 * event in the same transaction. Audit events describe evidence files by name, size and SHA-256,
 * never by content.
 */
import { mapUnique } from '../../db/errors.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { type EvidenceFileInput, type EvidenceLinkInput, parseEvidenceFile, parseEvidenceLink } from './evidence.ts';
import { type MeasureInput, parseMeasureInput, readPastDate } from './measures.ts';
import { type EvidenceView, findMeasure, type MeasureView, workspaceToday } from './measures.queries.ts';

const DUPLICATE_TITLE = 'title: a measure with this title already exists';

const columns = (input: MeasureInput) => ({
  category: input.category, title: input.title, description: input.description, owner: input.owner,
  review_interval_days: input.reviewIntervalDays, last_reviewed_on: input.lastReviewedOn,
});

/** The measure as of the workspace's today, inside the transaction; 404 when it is not the workspace's. */
async function load(tx: TxDeps, workspaceId: string, id: string): Promise<{ measure: MeasureView; today: string }> {
  const today = await workspaceToday(tx.db, tx.clock, workspaceId);
  const measure = await findMeasure(tx.db, workspaceId, id, today);
  if (!measure) throw notFound('measure');
  return { measure, today };
}

/**
 * Adds a measure at the end of the catalogue's order.
 * @example createMeasure(deps, scope, { category: 'events_logging', title: 'Central logging', owner: 'Security team' })
 */
export async function createMeasure(deps: Deps, scope: Scope, raw: unknown): Promise<MeasureView> {
  const today = await workspaceToday(deps.db, deps.clock, scope.workspaceId);
  const input = parseMeasureInput(raw, today);
  return inTransaction(deps, async (tx) => {
    const id = newId();
    const now = tx.clock.now().toISOString();
    const last = await tx.db.selectFrom('measures').select((eb) => eb.fn.max('position').as('p')).where('workspace_id', '=', scope.workspaceId).executeTakeFirst();
    const position = last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1;
    await mapUnique(
      () => tx.db.insertInto('measures').values({ id, workspace_id: scope.workspaceId, ...columns(input), position, created_at: now, updated_at: now }).execute(),
      DUPLICATE_TITLE, 'measure_exists',
    );
    const { measure: after } = await load(tx, scope.workspaceId, id);
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'measure.created', subjectType: 'measure', subjectId: id, after });
    return after;
  });
}

/** Replaces a measure's fields with `raw` (a full measure, as the edit form sends); evidence stays. */
export async function updateMeasure(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<MeasureView> {
  const today = await workspaceToday(deps.db, deps.clock, scope.workspaceId);
  const input = parseMeasureInput(raw, today);
  return inTransaction(deps, async (tx) => {
    const { measure: before } = await load(tx, scope.workspaceId, id);
    await mapUnique(
      () => tx.db.updateTable('measures').set({ ...columns(input), updated_at: tx.clock.now().toISOString() })
        .where('id', '=', id).where('workspace_id', '=', scope.workspaceId).execute(),
      DUPLICATE_TITLE, 'measure_exists',
    );
    const { measure: after } = await load(tx, scope.workspaceId, id);
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'measure.updated', subjectType: 'measure', subjectId: id, before, after });
    return after;
  });
}

/** Deletes a measure with its evidence; the audit event keeps what was deleted (files by hash). */
export async function deleteMeasure(deps: Deps, scope: Scope, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const { measure: before } = await load(tx, scope.workspaceId, id);
    await tx.db.deleteFrom('measure_evidence').where('measure_id', '=', id).where('workspace_id', '=', scope.workspaceId).execute();
    await tx.db.deleteFrom('measures').where('id', '=', id).where('workspace_id', '=', scope.workspaceId).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'measure.deleted', subjectType: 'measure', subjectId: id, before });
  });
}

/**
 * Records that the measure was reviewed on `reviewedOn` (YYYY-MM-DD, not in the future; absent:
 * the workspace's today). The next review falls due one interval later.
 */
export async function recordReview(deps: Deps, scope: Scope, id: string, raw: unknown = {}): Promise<MeasureView> {
  const today = await workspaceToday(deps.db, deps.clock, scope.workspaceId);
  const r = new InputReader(raw ?? {});
  const reviewedOn = r.done(readPastDate(r, 'reviewedOn', today)) ?? today;
  return inTransaction(deps, async (tx) => {
    const { measure: before } = await load(tx, scope.workspaceId, id);
    await tx.db.updateTable('measures').set({ last_reviewed_on: reviewedOn, updated_at: tx.clock.now().toISOString() })
      .where('id', '=', id).where('workspace_id', '=', scope.workspaceId).execute();
    const { measure: after } = await load(tx, scope.workspaceId, id);
    await recordAuditEvent(tx, {
      workspaceId: scope.workspaceId, actor: scope.actor, action: 'measure.reviewed', subjectType: 'measure', subjectId: id,
      before: { lastReviewedOn: before.lastReviewedOn }, after: { lastReviewedOn: after.lastReviewedOn, nextReviewOn: after.nextReviewOn },
    });
    return after;
  });
}

async function insertEvidence(deps: Deps, scope: Scope, measureId: string, values: EvidenceLinkInput | EvidenceFileInput): Promise<EvidenceView> {
  return inTransaction(deps, async (tx) => {
    const { measure } = await load(tx, scope.workspaceId, measureId);
    const id = newId();
    const isFile = 'bytes' in values;
    await tx.db.insertInto('measure_evidence').values({
      id, workspace_id: scope.workspaceId, measure_id: measure.id, kind: isFile ? 'file' : 'link', label: values.label,
      url: isFile ? null : values.url, file_name: isFile ? values.fileName : null, content_type: isFile ? values.contentType : null,
      byte_size: isFile ? values.bytes.length : null, sha256: isFile ? values.sha256 : null, content_base64: isFile ? values.bytes.toString('base64') : null,
      created_by: scope.actor.label, created_at: tx.clock.now().toISOString(),
    }).execute();
    const { measure: after } = await load(tx, scope.workspaceId, measureId);
    const evidence = after.evidence.find((e) => e.id === id) as EvidenceView;
    await recordAuditEvent(tx, {
      workspaceId: scope.workspaceId, actor: scope.actor, action: 'measure.evidence_added', subjectType: 'measure_evidence', subjectId: id,
      after: { measureId, measureTitle: measure.title, ...evidence },
    });
    return evidence;
  });
}

/** Adds a link (http or https) as evidence of the measure. */
export async function addEvidenceLink(deps: Deps, scope: Scope, measureId: string, raw: unknown): Promise<EvidenceView> {
  return insertEvidence(deps, scope, measureId, parseEvidenceLink(raw));
}

/**
 * Adds a file as evidence of the measure: at most 5 MiB, of an allowed type (see evidence.ts),
 * stored with its SHA-256 so a copy handed to an auditor can be checked.
 */
export async function addEvidenceFile(deps: Deps, scope: Scope, measureId: string, file: { bytes: Buffer | null; fileName?: unknown; contentType?: unknown; label?: unknown }): Promise<EvidenceView> {
  return insertEvidence(deps, scope, measureId, parseEvidenceFile(file));
}

/** Removes one evidence item of the measure. */
export async function removeEvidence(deps: Deps, scope: Scope, measureId: string, evidenceId: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const { measure } = await load(tx, scope.workspaceId, measureId);
    const before = measure.evidence.find((e) => e.id === evidenceId);
    if (!before) throw notFound('evidence');
    await tx.db.deleteFrom('measure_evidence').where('id', '=', evidenceId).where('measure_id', '=', measureId).where('workspace_id', '=', scope.workspaceId).execute();
    await recordAuditEvent(tx, {
      workspaceId: scope.workspaceId, actor: scope.actor, action: 'measure.evidence_removed', subjectType: 'measure_evidence', subjectId: evidenceId,
      before: { measureId, measureTitle: measure.title, ...before },
    });
  });
}
