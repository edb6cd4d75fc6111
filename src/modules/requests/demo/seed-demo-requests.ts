/**
 * Demo data-subject requests, from the promises of the seed documents:
 * - InfluxData (its policy, seed 001, and the Influxis policy, seed 002, §8 and §11): a deletion in
 *   which legal retention and network logs are kept (the exceptions applied, row by row), a
 *   parent's request that deletes a child's account, and an access request waiting for its code;
 * - Scalingo (its DPA, seed 004 §5(d), §7): an end user's request passed on to its customer.
 * The InfluxData account database is a small SQLite file under the data folder, so fulfilment runs
 * for real; without a data folder (some tests) the requests are recorded but not fulfilled.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Deps, Scope } from '../../../shared/deps.ts';
import { answerErasure } from '../answer-request.ts';
import { adoptRetentionDefaults } from '../exemptions/manage-retention-rules.ts';
import { acceptAuthority } from '../request-steps.ts';
import { submitRequest } from '../submit-request.ts';
import { addSystem } from '../systems/manage-systems.ts';
import { DEMO_ACCOUNTS_DATASET, DEMO_ACCOUNTS_SQL } from './demo-accounts.ts';

export interface DemoRequestOptions {
  /** Where the demo account database is written; none: no system, nothing fulfilled. */
  dataDir?: string;
}

async function seedInfluxData(deps: Deps, scope: Scope, opts: DemoRequestOptions) {
  const operator = { channel: 'operator' as const, actor: scope.actor };
  await adoptRetentionDefaults(deps, scope);
  if (opts.dataDir) {
    const dir = join(opts.dataDir, 'demo-systems');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'influxdata-accounts.db');
    rmSync(file, { force: true });
    const db = new Database(file);
    db.exec(DEMO_ACCOUNTS_SQL);
    db.close();
    await addSystem(deps, scope, { name: 'InfluxCloud accounts (demo database)', dataset: DEMO_ACCOUNTS_DATASET, connection: `sqlite:${file}` });
  }
  const deletion = await submitRequest(deps, scope.workspaceId, {
    type: 'erasure', email: 'marta.example@example.org', name: 'Marta Example (fictitious)', identityChecked: true, identityNote: 'Signed in to her InfluxCloud account',
    details: 'Please delete my account and everything you hold about me. (Example request: seed 002 §8 exceptions apply.)',
  }, operator);
  const child = await submitRequest(deps, scope.workspaceId, {
    type: 'erasure', email: 'kid.example@example.org', requester: 'parent', agentName: 'Parent Example (fictitious)', agentEmail: 'parent.example@example.org',
    authority: 'Birth certificate and parent’s ID shown by video call', details: 'My 12-year-old opened an account without my consent. (Example: seed 001 “Children’s privacy”, seed 002 §11.)',
    identityChecked: true, identityNote: 'Parent identified by video call',
  }, operator);
  await submitRequest(deps, scope.workspaceId, { type: 'access', email: 'waiting.example@example.org', name: 'Waiting Example (fictitious)' }, { channel: 'web', actor: scope.actor });
  if (opts.dataDir) {
    await answerErasure(deps, scope, deletion.request.id);
    if (child.request.status === 'awaiting_verification') await acceptAuthority(deps, scope, child.request.id, { note: 'Parental responsibility checked' });
    await answerErasure(deps, scope, child.request.id);
  }
}

async function seedScalingo(deps: Deps, scope: Scope) {
  const customer = await deps.db.selectFrom('customers').select('id').where('workspace_id', '=', scope.workspaceId).orderBy('created_at').executeTakeFirst();
  if (!customer) return;
  await deps.db.updateTable('customers').set({ dsr_forward_within: '48h' }).where('id', '=', customer.id).execute();
  await submitRequest(deps, scope.workspaceId, {
    type: 'access', email: 'enduser.example@example.org', name: 'End User Example (fictitious)', customer: customer.id, identityChecked: true,
    identityNote: 'Wrote from the address the customer knows', details: 'A user of an app hosted on Scalingo asks for a copy of their data. (Example: seed 004 §7.)',
  }, { channel: 'operator', actor: scope.actor });
}

/** The demo seeder for requests (see demo-seeders.ts). */
export async function seedDemoRequests(deps: Deps, scope: Scope, workspaceSlug: string, opts: DemoRequestOptions = {}): Promise<void> {
  if (workspaceSlug === 'influxdata') await seedInfluxData(deps, scope, opts);
  if (workspaceSlug === 'scalingo') await seedScalingo(deps, scope);
}
