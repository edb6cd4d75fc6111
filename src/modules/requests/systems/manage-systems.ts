/**
 * The data systems a workspace fulfils data-subject requests in (DSR4/DSR5): a Fides dataset
 * describing what it holds and a connection reference (never a password in clear). A system with
 * a customer is reached only by that customer's requests; one without is the workspace's own.
 * Each change writes its audit event in the same transaction.
 */
import type { Row } from '../../../db/schema.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../../shared/deps.ts';
import { conflict, type FieldIssue, invalid, notFound } from '../../../shared/errors.ts';
import { newId } from '../../../shared/ids.ts';
import { InputReader } from '../../../shared/input.ts';
import { recordAuditEvent } from '../../audit/record-audit-event.ts';
import { collectionKey, type DatasetDef, readDatasets } from '../fulfilment/dataset.ts';
import { connectionRefProblem } from './connection-ref.ts';

export interface SystemView {
  id: string;
  name: string;
  /** Null: the workspace's own data. */
  customerId: string | null;
  datasetYaml: string;
  connectionRef: string;
  /** `<fides_key>:<collection>` of every collection the dataset describes. */
  collections: string[];
  createdAt: string;
  updatedAt: string;
}

/** Reads a stored dataset (checked when it was saved). */
export function systemDatasets(yaml: string): DatasetDef[] {
  return readDatasets([{ name: 'dataset', text: yaml }]);
}

export function presentSystem(r: Row<'dsr_systems'>): SystemView {
  return {
    id: r.id, name: r.name, customerId: r.customer_id, datasetYaml: r.dataset_yaml, connectionRef: r.connection_ref,
    collections: systemDatasets(r.dataset_yaml).flatMap((d) => d.collections.map(collectionKey)), createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** What the audit log keeps: the reference (it holds no password) and collection keys, not the YAML. */
const audited = (s: SystemView) => ({ id: s.id, name: s.name, customerId: s.customerId, connectionRef: s.connectionRef, collections: s.collections });

interface SystemInput {
  name?: string;
  customerId?: string | null;
  datasetYaml?: string;
  connectionRef?: string;
}

/** Reads name, customerId, dataset (YAML text) and connection; with `partial`, absent fields stay as they are. */
function readSystemInput(raw: unknown, partial: boolean): SystemInput {
  const r = new InputReader(raw);
  const out: SystemInput = {};
  if (!partial || r.has('name')) out.name = r.text('name', { required: true, max: 200, name: true }) ?? '';
  if (!partial || r.has('customerId')) out.customerId = r.text('customerId', { max: 64 });
  if (!partial || r.has('dataset')) {
    const yaml = r.text('dataset', { required: true, max: 1_000_000 });
    if (yaml !== null) {
      try {
        readDatasets([{ name: 'dataset', text: yaml }]);
        out.datasetYaml = yaml;
      } catch (e) {
        const fields = ((e as { data?: { fields?: FieldIssue[] } }).data?.fields ?? []);
        for (const f of fields) r.problem('dataset', `${f.field.replace(/^--dataset dataset: /, '')}: ${f.message}`);
      }
    }
  }
  if (!partial || r.has('connection')) {
    const ref = r.text('connection', { required: true, max: 2000, verbatim: true });
    const problem = ref === null ? null : connectionRefProblem(ref);
    if (problem) r.problem('connection', problem);
    else if (ref !== null) out.connectionRef = ref;
  }
  return r.done(out);
}

async function loadSystem(tx: TxDeps | Deps, scope: Scope, systemId: string): Promise<Row<'dsr_systems'>> {
  const row = await tx.db.selectFrom('dsr_systems').selectAll().where('workspace_id', '=', scope.workspaceId).where('id', '=', systemId).executeTakeFirst();
  if (!row) throw notFound('system');
  return row;
}

async function checkInput(tx: TxDeps, scope: Scope, input: SystemInput, exceptId: string | null): Promise<void> {
  if (input.customerId) {
    const customer = await tx.db.selectFrom('customers').select('id').where('workspace_id', '=', scope.workspaceId).where('id', '=', input.customerId).executeTakeFirst();
    if (!customer) throw invalid('customerId', 'names no customer of this workspace');
  }
  if (input.name !== undefined) {
    let same = tx.db.selectFrom('dsr_systems').select('id').where('workspace_id', '=', scope.workspaceId).where('name', '=', input.name);
    if (exceptId) same = same.where('id', '<>', exceptId);
    if (await same.executeTakeFirst()) throw conflict('name: this workspace already has a system with this name', 'dsr_system_exists');
  }
}

/**
 * Adds a system: `{ name, customerId?, dataset: <Fides YAML>, connection: env:NAME | secret:NAME | sqlite:<path> | http:<file> | URL without password }`.
 * @example await addSystem(deps, scope, { name: 'Shop', dataset: yaml, connection: 'env:SHOP_DB' })
 */
export async function addSystem(deps: Deps, scope: Scope, raw: unknown): Promise<SystemView> {
  const input = readSystemInput(raw, false);
  return inTransaction(deps, async (tx) => {
    await checkInput(tx, scope, input, null);
    const now = tx.clock.now().toISOString();
    const id = newId();
    await tx.db.insertInto('dsr_systems').values({
      id, workspace_id: scope.workspaceId, name: input.name as string, customer_id: input.customerId ?? null,
      dataset_yaml: input.datasetYaml as string, connection_ref: input.connectionRef as string, created_at: now, updated_at: now,
    }).execute();
    const view = presentSystem(await loadSystem(tx, scope, id));
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'dsr_system.created', subjectType: 'dsr_system', subjectId: id, after: audited(view) });
    return view;
  });
}

/** Changes the fields given (name, customerId, dataset, connection); the others stay. */
export async function updateSystem(deps: Deps, scope: Scope, systemId: string, raw: unknown): Promise<SystemView> {
  const input = readSystemInput(raw, true);
  return inTransaction(deps, async (tx) => {
    const before = presentSystem(await loadSystem(tx, scope, systemId));
    await checkInput(tx, scope, input, systemId);
    await tx.db.updateTable('dsr_systems').set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.customerId !== undefined ? { customer_id: input.customerId } : {}),
      ...(input.datasetYaml !== undefined ? { dataset_yaml: input.datasetYaml } : {}),
      ...(input.connectionRef !== undefined ? { connection_ref: input.connectionRef } : {}),
      updated_at: tx.clock.now().toISOString(),
    }).where('id', '=', systemId).execute();
    const after = presentSystem(await loadSystem(tx, scope, systemId));
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'dsr_system.updated', subjectType: 'dsr_system', subjectId: systemId, before: audited(before), after: audited(after) });
    return after;
  });
}

/** Removes a system; the runs already recorded keep its name (their system_id becomes null). */
export async function removeSystem(deps: Deps, scope: Scope, systemId: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const before = presentSystem(await loadSystem(tx, scope, systemId));
    await tx.db.deleteFrom('dsr_systems').where('id', '=', systemId).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'dsr_system.removed', subjectType: 'dsr_system', subjectId: systemId, before: audited(before) });
  });
}

/** The workspace's systems by name; `customerId` narrows to one customer's (null: the workspace's own). */
export async function listSystems(deps: Deps, scope: Scope, filter: { customerId?: string | null } = {}): Promise<SystemView[]> {
  let q = deps.db.selectFrom('dsr_systems').selectAll().where('workspace_id', '=', scope.workspaceId);
  if (filter.customerId === null) q = q.where('customer_id', 'is', null);
  else if (filter.customerId !== undefined) q = q.where('customer_id', '=', filter.customerId);
  return (await q.orderBy('name').orderBy('id').execute()).map(presentSystem);
}

/** One system of the workspace. */
export async function getSystem(deps: Deps, scope: Scope, systemId: string): Promise<SystemView> {
  return presentSystem(await loadSystem(deps, scope, systemId));
}
