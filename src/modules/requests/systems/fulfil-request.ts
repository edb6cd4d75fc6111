/**
 * Fulfils one request in the systems that apply to it (DSR4/DSR5): the workspace's own systems
 * for its own requests, only that customer's systems for a customer's. Each system is opened from
 * its connection reference, run, and recorded (counts and field names) with a timeline line and an
 * audit event; a failing system is recorded as failed and the others still run. Erasure is
 * stopped by an active legal hold on the person and keeps the rows a retention rule matches.
 */
import type { Row } from '../../../db/schema.ts';
import { resolveCredential } from '../../../shared/credentials.ts';
import { type Deps, inTransaction, type Scope } from '../../../shared/deps.ts';
import { conflict, notFound } from '../../../shared/errors.ts';
import { findActiveHold } from '../exemptions/legal-holds.ts';
import { listRetentionRules } from '../exemptions/manage-retention-rules.ts';
import { retentionKeeper } from '../exemptions/retention-rules.ts';
import type { Row as DataRow } from '../fulfilment/connector.ts';
import { accessRequest, eraseRequest, type KeepRow } from '../fulfilment/fulfil.ts';
import { openConnector } from '../fulfilment/open-connector.ts';
import { systemDatasets } from './manage-systems.ts';
import { insertSystemRun, type NewRun, recordTimeline, type SystemRunView } from './system-runs.ts';

export interface FulfilOptions {
  /** Where env: and secret: references are read (process.env by default). */
  env?: NodeJS.ProcessEnv;
}

export interface AccessForRequest {
  runs: SystemRunView[];
  /** The rows each system returned, by `<fides_key>:<collection>`: for the access package, never stored here. */
  results: { systemId: string; systemName: string; collections: Record<string, DataRow[]> }[];
}

export interface ErasureForRequest {
  /** The active hold that stopped the erasure, or null. */
  heldBy: string | null;
  runs: SystemRunView[];
  withheld: number;
}

const CLOSED = ['completed', 'refused', 'withdrawn', 'duplicate'];

async function loadRequest(deps: Deps, scope: Scope, requestId: string, types: string[]): Promise<Row<'dsr_requests'>> {
  const request = await deps.db.selectFrom('dsr_requests').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', requestId).executeTakeFirst();
  if (!request) throw notFound('request');
  if (!types.includes(request.type)) throw conflict(`this is a ${request.type} request, not ${types.join(' or ')}`, 'dsr_wrong_type');
  if (CLOSED.includes(request.status)) throw conflict('this request is closed', 'dsr_closed');
  if (request.status === 'awaiting_verification') throw conflict('the requester\'s identity is not verified yet', 'dsr_not_verified');
  return request;
}

/** The identity values systems are searched by: subject_identity, else the subject's e-mail. */
function identitiesOf(request: Row<'dsr_requests'>): Record<string, string> {
  let parsed: unknown = {};
  try {
    parsed = JSON.parse(request.subject_identity);
  } catch {}
  const out: Record<string, string> = {};
  if (parsed && typeof parsed === 'object') for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string' && v.trim()) out[k] = v.trim();
  if (!out.email && request.subject_email) out.email = request.subject_email;
  if (!Object.keys(out).length) throw conflict('the request names no identity (e-mail or other) to search the systems by', 'dsr_no_identity');
  return out;
}

/** The systems a request reaches: the workspace's own (controller workspace) or that customer's. */
async function systemsFor(deps: Deps, request: Row<'dsr_requests'>) {
  let q = deps.db.selectFrom('dsr_systems').selectAll().where('workspace_id', '=', request.workspace_id);
  if (request.controller === 'customer') {
    if (!request.customer_id) return [];
    q = q.where('customer_id', '=', request.customer_id);
  } else q = q.where('customer_id', 'is', null);
  return q.orderBy('name').orderBy('id').execute();
}

/** A failure's text without the resolved connection string, its password or the identity values. */
function safeError(e: unknown, url: string | null, identities: Record<string, string>): string {
  let text = e instanceof Error ? e.message : String(e);
  if (url) {
    try {
      const pw = decodeURIComponent(new URL(url).password);
      if (pw) text = text.split(pw).join('***');
    } catch {}
    text = text.split(url).join('[connection]');
  }
  for (const v of Object.values(identities)) text = text.split(v).join('[identity]');
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}

type SystemRow = Row<'dsr_systems'>;

/** Opens one system and runs `work`; a failure becomes a 'failed' run instead of an exception. */
async function runOne<T>(system: SystemRow, identities: Record<string, string>, opts: FulfilOptions & { readOnly: boolean },
  work: (conn: Awaited<ReturnType<typeof openConnector>>, datasets: ReturnType<typeof systemDatasets>) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  let url: string | null = null;
  try {
    const datasets = systemDatasets(system.dataset_yaml);
    url = resolveCredential(system.connection_ref, 'connection', opts.env);
    const conn = await openConnector(url, { readOnly: opts.readOnly });
    try {
      return { ok: true, value: await work(conn, datasets) };
    } finally {
      await conn.close().catch(() => undefined);
    }
  } catch (e) {
    return { ok: false, error: safeError(e, url, identities) };
  }
}

/**
 * Runs an access (or portability) request in every system that applies; returns each system's rows
 * for the access package and records what was found (counts and field names) per system.
 */
export async function runAccessForRequest(deps: Deps, scope: Scope, requestId: string, opts: FulfilOptions = {}): Promise<AccessForRequest> {
  const request = await loadRequest(deps, scope, requestId, ['access', 'portability']);
  const identities = identitiesOf(request);
  const out: AccessForRequest = { runs: [], results: [] };
  for (const system of await systemsFor(deps, request)) {
    const startedAt = deps.clock.now().toISOString();
    const r = await runOne(system, identities, { ...opts, readOnly: true }, (conn, datasets) => accessRequest(conn, datasets, identities));
    const base = { systemId: system.id, systemName: system.name, action: 'access' as const, startedAt };
    let run: NewRun;
    if (r.ok) {
      const collections = Object.fromEntries(Object.entries(r.value.collections).map(([k, rows]) => [k, { rows: rows.length, fields: rows.length ? Object.keys(rows[0] as DataRow) : [] }]));
      run = { ...base, outcome: 'ok', summary: { collections, unreachable: r.value.unreachable, skipped: r.value.skipped }, error: null };
      out.results.push({ systemId: system.id, systemName: system.name, collections: r.value.collections });
    } else run = { ...base, outcome: 'failed', summary: {}, error: r.error };
    out.runs.push(await record(deps, scope, request, run));
  }
  await finish(deps, scope, request, 'access_run', out.runs, 0);
  return out;
}

/**
 * Runs an erasure request in every system that applies. With an active legal hold on the person
 * nothing is read or changed: each system gets a 'held' run and the request waits for the release
 * (which queues this again). Otherwise rows the workspace's active retention rules match are left
 * as they were and listed in dsr_withheld with the rule and its legal basis.
 */
export async function runErasureForRequest(deps: Deps, scope: Scope, requestId: string, opts: FulfilOptions = {}): Promise<ErasureForRequest> {
  const request = await loadRequest(deps, scope, requestId, ['erasure']);
  const identities = identitiesOf(request);
  const systems = await systemsFor(deps, request);
  const hold = await findActiveHold(deps.db, scope.workspaceId, [request.subject_email ?? '', identities.email ?? ''].filter(Boolean));
  if (hold) {
    const runs = await inTransaction(deps, async (tx) => {
      const at = tx.clock.now().toISOString();
      const list: SystemRunView[] = [];
      for (const s of systems) list.push(await insertSystemRun(tx, request, { systemId: s.id, systemName: s.name, action: 'erase', outcome: 'held', summary: { holdId: hold.id }, error: null, startedAt: at }));
      await recordTimeline(tx, request, scope.actor, 'erasure_held', { holdId: hold.id, systems: systems.length });
      return list;
    });
    return { heldBy: hold.id, runs, withheld: 0 };
  }
  const rules = await listRetentionRules(deps, scope, { activeOnly: true });
  const basis = new Map(rules.map((r) => [r.key, r.legalBasis]));
  const keep: KeepRow = retentionKeeper(rules, deps.clock.now());
  const out: ErasureForRequest = { heldBy: null, runs: [], withheld: 0 };
  for (const system of systems) {
    const startedAt = deps.clock.now().toISOString();
    const r = await runOne(system, identities, { ...opts, readOnly: false }, (conn, datasets) => eraseRequest(conn, datasets, identities, { keep }));
    const base = { systemId: system.id, systemName: system.name, action: 'erase' as const, startedAt };
    let run: NewRun;
    if (r.ok) {
      const withheld = r.value.withheld.map((w) => ({ collection: w.collection, key: w.key, fields: w.fields, ruleKey: w.reason, legalBasis: basis.get(w.reason) ?? '' }));
      out.withheld += withheld.length;
      run = { ...base, outcome: 'ok', summary: { collections: r.value.collections, untouched: r.value.untouched, unreachable: r.value.unreachable, skipped: r.value.skipped, withheld: withheld.length }, error: null, withheld };
    } else run = { ...base, outcome: 'failed', summary: {}, error: r.error };
    out.runs.push(await record(deps, scope, request, run));
  }
  await finish(deps, scope, request, 'erasure_run', out.runs, out.withheld);
  return out;
}

/** One system's run with its timeline line and audit event, in one transaction. */
async function record(deps: Deps, scope: Scope, request: Row<'dsr_requests'>, run: NewRun): Promise<SystemRunView> {
  return inTransaction(deps, async (tx) => {
    const view = await insertSystemRun(tx, request, run);
    const collections = (view.summary.collections ?? {}) as Record<string, { rows: number }>;
    const rows = Object.values(collections).reduce((n, c) => n + c.rows, 0);
    await recordTimeline(tx, request, scope.actor, run.outcome === 'failed' ? 'system_failed' : run.action === 'access' ? 'system_accessed' : 'system_erased', {
      runId: view.id, systemId: view.systemId, outcome: view.outcome, rows, withheld: run.withheld?.length ?? 0,
    });
    return view;
  });
}

/** The closing line of a run over all systems: how many ran, failed, and rows withheld. */
async function finish(deps: Deps, scope: Scope, request: Row<'dsr_requests'>, kind: string, runs: SystemRunView[], withheld: number): Promise<void> {
  await inTransaction(deps, (tx) => recordTimeline(tx, request, scope.actor, kind, {
    systems: runs.length, failed: runs.filter((r) => r.outcome === 'failed').length, withheld,
  }));
}

