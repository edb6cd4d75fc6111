/**
 * What each system returned or erased for a request (dsr_system_runs: counts and field names,
 * never values), the rows erasure withheld and why (dsr_withheld), and the timeline lines that
 * go with them. Recording happens in the caller's transaction with its audit event.
 */
import type { Row } from '../../../db/schema.ts';
import type { Actor, Deps, Scope, TxDeps } from '../../../shared/deps.ts';
import { notFound } from '../../../shared/errors.ts';
import { newId } from '../../../shared/ids.ts';
import { recordRequestEvent } from '../request-events.ts';

export interface SystemRunView {
  id: string;
  systemId: string | null;
  systemName: string;
  action: 'access' | 'erase';
  outcome: 'ok' | 'failed' | 'held';
  /** Rows and field names per collection, unreachable and skipped collections, withheld count, hold id. */
  summary: Record<string, unknown>;
  /** Why a system failed, without credentials or the person's data. */
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface WithheldView {
  id: string;
  systemName: string;
  collection: string;
  /** The row's primary key, e.g. { id: 7 }. */
  rowKey: Record<string, unknown>;
  /** The fields erasure left as they were. */
  fields: string[];
  ruleKey: string;
  legalBasis: string;
  createdAt: string;
}

export const presentSystemRun = (r: Row<'dsr_system_runs'>): SystemRunView => ({
  id: r.id, systemId: r.system_id, systemName: r.system_name, action: r.action, outcome: r.outcome,
  summary: JSON.parse(r.summary) as Record<string, unknown>, error: r.error, startedAt: r.started_at, finishedAt: r.finished_at,
});

/** Adds a line to the request's timeline and its audit event (`request.<kind>`); `detail` holds ids and counts only. */
export async function recordTimeline(tx: TxDeps, request: Row<'dsr_requests'>, actor: Actor, kind: string, detail: Record<string, unknown>): Promise<void> {
  await recordRequestEvent(tx, request, actor, kind, detail);
}

export interface NewRun {
  systemId: string | null;
  systemName: string;
  action: 'access' | 'erase';
  outcome: 'ok' | 'failed' | 'held';
  summary: Record<string, unknown>;
  error: string | null;
  startedAt: string;
  withheld?: { collection: string; key: Record<string, unknown>; fields: string[]; ruleKey: string; legalBasis: string }[];
}

/** Stores one system's run and the rows it withheld. */
export async function insertSystemRun(tx: TxDeps, request: Row<'dsr_requests'>, run: NewRun): Promise<SystemRunView> {
  const now = tx.clock.now().toISOString();
  const row: Row<'dsr_system_runs'> = {
    id: newId(), request_id: request.id, system_id: run.systemId, system_name: run.systemName, action: run.action, outcome: run.outcome,
    summary: JSON.stringify(run.summary), error: run.error, started_at: run.startedAt, finished_at: now,
  };
  await tx.db.insertInto('dsr_system_runs').values(row).execute();
  const withheld = (run.withheld ?? []).map((w) => ({
    id: newId(), request_id: request.id, system_name: run.systemName, collection: w.collection, row_key: JSON.stringify(w.key),
    fields: JSON.stringify(w.fields), rule_key: w.ruleKey, legal_basis: w.legalBasis, created_at: now,
  }));
  // 9 columns × 500 rows stays under both dialects' bound-parameter limits.
  for (let i = 0; i < withheld.length; i += 500) await tx.db.insertInto('dsr_withheld').values(withheld.slice(i, i + 500)).execute();
  return presentSystemRun(row);
}

async function checkRequest(deps: Deps, scope: Scope, requestId: string): Promise<void> {
  const found = await deps.db.selectFrom('dsr_requests').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', requestId).executeTakeFirst();
  if (!found) throw notFound('request');
}

/** Every run of a request, oldest first. */
export async function listSystemRuns(deps: Deps, scope: Scope, requestId: string): Promise<SystemRunView[]> {
  await checkRequest(deps, scope, requestId);
  const rows = await deps.db.selectFrom('dsr_system_runs').selectAll().where('request_id', '=', requestId).orderBy('started_at').orderBy('finished_at').orderBy('id').execute();
  return rows.map(presentSystemRun);
}

/**
 * The withheld-rows report of a request: row by row, what erasure left and under which rule and
 * legal basis, by system, collection and key.
 * @example const report = await listWithheld(deps, scope, requestId) // [{ collection: 'shop:customers', rowKey: { id: 1 }, ruleKey: 'fraud-prevention', … }]
 */
export async function listWithheld(deps: Deps, scope: Scope, requestId: string): Promise<WithheldView[]> {
  await checkRequest(deps, scope, requestId);
  const rows = await deps.db.selectFrom('dsr_withheld').selectAll().where('request_id', '=', requestId).orderBy('system_name').orderBy('collection').orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id, systemName: r.system_name, collection: r.collection, rowKey: JSON.parse(r.row_key) as Record<string, unknown>,
    fields: JSON.parse(r.fields) as string[], ruleKey: r.rule_key, legalBasis: r.legal_basis, createdAt: r.created_at,
  }));
}
