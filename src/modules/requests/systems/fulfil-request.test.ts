import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import Database from 'better-sqlite3';
import pino from 'pino';
import { forEachDialect } from '../../../../test/dialects.ts';
import { buildCustomer, buildWorkspace } from '../../../../test/factories.ts';
import { createBackground } from '../../../background.ts';
import type { Clock } from '../../../shared/clock.ts';
import type { Deps, Scope } from '../../../shared/deps.ts';
import { placeLegalHold, releaseLegalHold } from '../exemptions/legal-holds.ts';
import { adoptRetentionDefaults, listRetentionRules, updateRetentionRule } from '../exemptions/manage-retention-rules.ts';
import { openShop, PEOPLE, type Shop, shopYaml } from '../fulfilment/shop-fixture.ts';
import { runAccessForRequest, runErasureForRequest } from './fulfil-request.ts';
import { addSystem } from './manage-systems.ts';
import { insertRequest } from './request-fixture.ts';
import { listSystemRuns, listWithheld } from './system-runs.ts';

const TABLES = ['customers', 'addresses', 'orders', 'order_items', 'cards', 'logins'];
const ALICE = PEOPLE.alice.email;

/** Every row of the shop, to prove a system was not touched. */
async function snapshot(shop: Shop) {
  const out: Record<string, unknown> = {};
  for (const t of TABLES) out[t] = await shop.query(`SELECT * FROM ${t} ORDER BY id`);
  return out;
}

/** Runs a statement that returns no rows (ALTER, UPDATE) on the shop. */
async function exec(shop: Shop, sql: string) {
  if (!shop.url.startsWith('sqlite:')) return void (await shop.query(sql));
  const db = new Database(shop.url.slice('sqlite:'.length));
  db.exec(sql);
  db.close();
}

const timeline = async (deps: Deps, requestId: string) =>
  (await deps.db.selectFrom('dsr_request_events').select(['kind', 'detail']).where('request_id', '=', requestId).orderBy('at').execute()).map((e) => e.kind);

/** A clock moving one millisecond per reading from 4 December 2026 06:00 UTC: timeline lines keep their order. */
let ticks = 0;
const TICKING: Clock = { now: () => new Date(Date.parse('2026-12-04T06:00:00Z') + ticks++) };

// 06:00 so that a 245-day period ends on 3 April 06:00: Alice's login of 3 April 10:00 is younger, the one of 2 April older.
forEachDialect('fulfilling a request in its systems', (ctx) => {
  const shops: Shop[] = [];
  after(async () => {
    for (const s of shops.splice(0)) await s.close();
  });
  const newShop = async () => {
    const shop = await openShop(ctx.dialect);
    shops.push(shop);
    return shop;
  };
  const addShopSystem = (deps: Deps, scope: Scope, shop: Shop, over: Record<string, unknown> = {}) =>
    addSystem(deps, scope, { name: `Shop ${shops.indexOf(shop)}`, dataset: shopYaml(), connection: shop.url, ...over });

  it('an erasure for a held person changes nothing and waits; releasing the hold makes the job erase it', async (t) => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const shop = await newShop();
    await addShopSystem(deps, scope, shop);
    const hold = await placeLegalHold(deps, scope, { email: 'Alice@Example.test', reason: 'Litigation hold, case 14' });
    const request = await insertRequest(deps, scope.workspaceId, { email: ALICE });
    const before = await snapshot(shop);
    const held = await runErasureForRequest(deps, scope, request.id);
    assert.equal(held.heldBy, hold.id);
    assert.deepEqual(held.runs.map((r) => [r.outcome, r.summary.holdId]), [['held', hold.id]]);
    assert.deepEqual(await snapshot(shop), before);
    assert.deepEqual(await timeline(deps, request.id), ['erasure_held']);

    await releaseLegalHold(deps, scope, hold.id);
    await assert.rejects(releaseLegalHold(deps, scope, hold.id), { status: 409, code: 'dsr_hold_released' });
    const dir = await mkdtemp(join(tmpdir(), 'trustroom-outbox-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const background = createBackground(deps, { smtpUrl: null, mailFrom: 'T <t@t.test>', dataDir: dir, jobLeaseMs: 60_000, allowPrivateWebhooks: false }, pino({ level: 'silent' }), { backoffMs: () => 0 });
    await background.worker.drain();
    await background.stop();
    const [alice] = await shop.query('SELECT email, name FROM customers WHERE id = 1');
    assert.match(String(alice?.email), /^[0-9a-f]{64}$/);
    assert.equal(alice?.name, '[erased]');
    assert.deepEqual((await listSystemRuns(deps, scope, request.id)).map((r) => r.outcome), ['held', 'ok']);
    // Resumed erasure is answered like any other: completed once every system erased.
    assert.deepEqual(await timeline(deps, request.id), ['erasure_held', 'erasure_resumed', 'system_erased', 'erasure_run', 'closed_completed']);
    const job = await deps.db.selectFrom('jobs').select(['status', 'ref_id']).where('kind', '=', 'dsr.erasure_resume').executeTakeFirstOrThrow();
    assert.deepEqual(job, { status: 'done', ref_id: hold.id });
    const audit = await deps.db.selectFrom('audit_events').select(['action', 'after_json']).where('subject_id', '=', hold.id).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['dsr_legal_hold.placed', 'dsr_legal_hold.released']);
    assert.doesNotMatch(JSON.stringify(audit), /alice|Litigation/i);
  });

  it('erasure leaves rows a retention rule matches as they were and reports each with its rule and legal basis', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const shop = await newShop();
    await exec(shop, `ALTER TABLE customers ADD COLUMN flagged_fraud ${ctx.dialect === 'postgres' ? 'boolean NOT NULL DEFAULT false' : 'integer NOT NULL DEFAULT 0'}`);
    await exec(shop, `UPDATE customers SET flagged_fraud = ${ctx.dialect === 'postgres' ? 'true' : '1'} WHERE id = 1`);
    const dataset = shopYaml().replace('          - name: created_at\n            data_categories: [system.operations]\n', (m) => `${m}          - name: flagged_fraud\n            data_categories: [system.operations]\n`);
    await addShopSystem(deps, scope, shop, { dataset });
    await adoptRetentionDefaults(deps, scope);
    const logs = (await listRetentionRules(deps, scope)).find((r) => r.key === 'network-access-logs');
    await updateRetentionRule(deps, scope, logs?.id as string, { collections: ['shop:logins'], ageField: 'at', retainFor: 'P245D' });
    const request = await insertRequest(deps, scope.workspaceId, { email: ALICE });
    const result = await runErasureForRequest(deps, scope, request.id);
    assert.equal(result.withheld, 2);
    const report = await listWithheld(deps, scope, request.id);
    assert.deepEqual(report.map((w) => [w.collection, w.rowKey, w.ruleKey, w.fields]), [
      ['shop:customers', { id: 1 }, 'fraud-prevention', ['email', 'name', 'phone']],
      ['shop:logins', { id: 3 }, 'network-access-logs', ['ip']],
    ]);
    assert.match(report[0]?.legalBasis ?? '', /^GDPR Art 17\(3\)\(e\)/);
    assert.match(report[1]?.legalBasis ?? '', /^GDPR Art 6\(1\)\(f\)/);
    assert.deepEqual(await shop.query('SELECT email, name FROM customers WHERE id = 1'), [{ email: ALICE, name: 'Alice Martin' }]);
    assert.deepEqual(await shop.query('SELECT id, ip FROM logins WHERE customer_id = 1 ORDER BY id'), [{ id: 2, ip: null }, { id: 3, ip: '192.0.2.1' }]);
    assert.deepEqual(await shop.query('SELECT holder_name FROM cards WHERE id = 7'), [{ holder_name: '[erased]' }]);
    assert.deepEqual(await shop.query("SELECT DISTINCT street FROM addresses WHERE customer_id = 1"), [{ street: '[erased]' }]);
    const [run] = await listSystemRuns(deps, scope, request.id);
    assert.equal(run?.summary.withheld, 2);
    assert.deepEqual((run?.summary.collections as Record<string, unknown>)['shop:logins'], { rows: 1, fields: ['ip'] });
    assert.doesNotMatch(JSON.stringify(run), /alice|192\.0\.2/i);
  });

  it("a customer's request reaches only that customer's systems, never another customer's or the workspace's", async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const [a, b] = [await buildCustomer(deps, scope), await buildCustomer(deps, scope)];
    const [own, ofA, ofB] = [await newShop(), await newShop(), await newShop()];
    await addShopSystem(deps, scope, own);
    const systemA = await addShopSystem(deps, scope, ofA, { customerId: a.id });
    await addShopSystem(deps, scope, ofB, { customerId: b.id });
    const [ownBefore, bBefore] = [await snapshot(own), await snapshot(ofB)];
    const request = await insertRequest(deps, scope.workspaceId, { email: ALICE, controller: 'customer', customer_id: a.id });
    const result = await runErasureForRequest(deps, scope, request.id);
    assert.deepEqual(result.runs.map((r) => [r.systemId, r.outcome]), [[systemA.id, 'ok']]);
    assert.equal((await ofA.query('SELECT name FROM customers WHERE id = 1'))[0]?.name, '[erased]');
    assert.deepEqual(await snapshot(own), ownBefore);
    assert.deepEqual(await snapshot(ofB), bBefore);
    const orphan = await insertRequest(deps, scope.workspaceId, { email: ALICE, controller: 'customer', customer_id: null });
    assert.deepEqual((await runErasureForRequest(deps, scope, orphan.id)).runs, []);
  });

  it('a failing system is recorded as failed without credentials or the person\'s data, and the others still run', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const shop = await newShop();
    await addSystem(deps, scope, { name: 'A broken database', dataset: shopYaml(), connection: 'env:BROKEN_DB' });
    await addSystem(deps, scope, { name: 'B missing variable', dataset: shopYaml(), connection: 'env:NOT_SET_ANYWHERE' });
    await addShopSystem(deps, scope, shop, { name: 'C shop', connection: 'env:SHOP_DB' });
    const env = { BROKEN_DB: 'postgres://dsr:s3cret-pw@127.0.0.1:1/shop', SHOP_DB: shop.url };
    const request = await insertRequest(deps, scope.workspaceId, { email: ALICE });
    const result = await runErasureForRequest(deps, scope, request.id, { env });
    assert.deepEqual(result.runs.map((r) => [r.systemName, r.outcome]), [['A broken database', 'failed'], ['B missing variable', 'failed'], ['C shop', 'ok']]);
    assert.match(result.runs[0]?.error ?? '', /cannot connect/);
    assert.match(result.runs[1]?.error ?? '', /NOT_SET_ANYWHERE, which is not set/);
    const stored = JSON.stringify(await deps.db.selectFrom('dsr_system_runs').selectAll().execute()) + JSON.stringify(await deps.db.selectFrom('dsr_request_events').selectAll().execute());
    assert.doesNotMatch(stored, /s3cret-pw|alice/i);
    assert.equal((await shop.query('SELECT name FROM customers WHERE id = 1'))[0]?.name, '[erased]');
    assert.deepEqual(await timeline(deps, request.id), ['system_failed', 'system_failed', 'system_erased', 'erasure_run']);
  });

  it('access returns each system\'s rows to the caller and records only counts and field names', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const shop = await newShop();
    const system = await addShopSystem(deps, scope, shop);
    const before = await snapshot(shop);
    const request = await insertRequest(deps, scope.workspaceId, { email: ALICE, type: 'access' });
    const result = await runAccessForRequest(deps, scope, request.id);
    assert.equal(result.results[0]?.systemId, system.id);
    assert.equal(result.results[0]?.collections['shop:customers']?.[0]?.email, ALICE);
    assert.deepEqual(result.runs[0]?.summary.collections && (result.runs[0].summary.collections as Record<string, unknown>)['shop:addresses'], { rows: 2, fields: ['id', 'customer_id', 'street', 'city', 'postal_code'] });
    assert.doesNotMatch(JSON.stringify(await listSystemRuns(deps, scope, request.id)), /alice|rue/i);
    assert.deepEqual(await snapshot(shop), before);
    await assert.rejects(runErasureForRequest(deps, scope, request.id), { status: 409, code: 'dsr_wrong_type' });
    const closed = await insertRequest(deps, scope.workspaceId, { email: ALICE, status: 'completed' });
    await assert.rejects(runErasureForRequest(deps, scope, closed.id), { status: 409, code: 'dsr_closed' });
    const other = await buildWorkspace(deps);
    await assert.rejects(runAccessForRequest(deps, other.scope, request.id), { status: 404 });
  });
}, { clock: TICKING });
