/**
 * Legal holds on a data subject, by e-mail address (DSR4): while one is active, erasure for that
 * person changes nothing and the request waits. Releasing the hold queues the erasures it held
 * (the dsr.erasure_resume job). Audit events carry the hold's id, never the address or the reason
 * text (it may name people).
 */
import type { Row } from '../../../db/schema.ts';
import type { Db } from '../../../db/schema.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../../shared/deps.ts';
import { conflict, notFound } from '../../../shared/errors.ts';
import { newId } from '../../../shared/ids.ts';
import { EMAIL_PATTERN, InputReader } from '../../../shared/input.ts';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { enqueueJob } from '../../jobs/enqueue-job.ts';

/** Job kind: re-runs the erasures a released hold held; ref_id is the hold's id. */
export const RESUME_ERASURE_JOB = 'dsr.erasure_resume';

export interface LegalHoldView {
  id: string;
  subjectEmail: string;
  reason: string;
  placedAt: string;
  placedBy: string;
  releasedAt: string | null;
  releasedBy: string | null;
  active: boolean;
}

export const presentLegalHold = (r: Row<'dsr_legal_holds'>): LegalHoldView => ({
  id: r.id, subjectEmail: r.subject_email, reason: r.reason, placedAt: r.placed_at, placedBy: r.placed_by,
  releasedAt: r.released_at, releasedBy: r.released_by, active: r.released_at === null,
});

const audited = (h: LegalHoldView) => ({ id: h.id, placedAt: h.placedAt, releasedAt: h.releasedAt, active: h.active });

/** E-mail addresses compare in lower case, trimmed. */
export const normaliseEmail = (email: string) => email.normalize('NFC').trim().toLowerCase();

/**
 * Places a hold on a person: `{ email, reason }`.
 * @example await placeLegalHold(deps, scope, { email: 'a@example.com', reason: 'Litigation hold, case 2026-14' })
 */
export async function placeLegalHold(deps: Deps, scope: Scope, raw: unknown): Promise<LegalHoldView> {
  const r = new InputReader(raw);
  const email = r.text('email', { required: true, max: 320, pattern: EMAIL_PATTERN, patternMessage: 'must be an e-mail address' });
  const reason = r.text('reason', { required: true, max: 2000 });
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const id = newId();
    await tx.db.insertInto('dsr_legal_holds').values({
      id, workspace_id: scope.workspaceId, subject_email: normaliseEmail(email as string), reason: reason as string,
      placed_at: tx.clock.now().toISOString(), placed_by: scope.actor.label, released_at: null, released_by: null,
    }).execute();
    const view = presentLegalHold(await loadHold(tx, scope, id));
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'dsr_legal_hold.placed', subjectType: 'dsr_legal_hold', subjectId: id, after: audited(view) });
    return view;
  });
}

async function loadHold(tx: Deps | TxDeps, scope: Scope, holdId: string): Promise<Row<'dsr_legal_holds'>> {
  const row = await tx.db.selectFrom('dsr_legal_holds').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', holdId).executeTakeFirst();
  if (!row) throw notFound('legal hold');
  return row;
}

/** Releases a hold and queues the erasures it held; a hold is released once (409 after). */
export async function releaseLegalHold(deps: Deps, scope: Scope, holdId: string): Promise<LegalHoldView> {
  return inTransaction(deps, async (tx) => {
    const before = presentLegalHold(await loadHold(tx, scope, holdId));
    if (!before.active) throw conflict('this legal hold is already released', 'dsr_hold_released');
    await tx.db.updateTable('dsr_legal_holds').set({ released_at: tx.clock.now().toISOString(), released_by: scope.actor.label }).where('id', '=', holdId).execute();
    const after = presentLegalHold(await loadHold(tx, scope, holdId));
    await enqueueJob(tx, { kind: RESUME_ERASURE_JOB, refId: holdId, workspaceId: scope.workspaceId });
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'dsr_legal_hold.released', subjectType: 'dsr_legal_hold', subjectId: holdId, before: audited(before), after: audited(after) });
    return after;
  });
}

/** The workspace's holds, newest first; `activeOnly` leaves out released ones. */
export async function listLegalHolds(deps: Deps, scope: Scope, opts: { activeOnly?: boolean } = {}): Promise<LegalHoldView[]> {
  let q = deps.db.selectFrom('dsr_legal_holds').selectAll().where('workspace_id', '=', scope.workspaceId);
  if (opts.activeOnly) q = q.where('released_at', 'is', null);
  return (await q.orderBy('placed_at', 'desc').orderBy('id').execute()).map(presentLegalHold);
}

/** The oldest active hold on any of the addresses, or null. */
export async function findActiveHold(db: Db, workspaceId: string, emails: string[]): Promise<Row<'dsr_legal_holds'> | null> {
  const list = [...new Set(emails.map(normaliseEmail))];
  if (!list.length) return null;
  const row = await db.selectFrom('dsr_legal_holds').selectAll().where('workspace_id', '=', workspaceId).where('released_at', 'is', null)
    .where('subject_email', 'in', list).orderBy('placed_at').orderBy('id').executeTakeFirst();
  return row ?? null;
}
