import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../../../../test/dialects.ts';
import { buildCustomer, buildWorkspace } from '../../../../test/factories.ts';
import { shopYaml } from '../fulfilment/shop-fixture.ts';
import { connectionRefProblem } from './connection-ref.ts';
import { addSystem, listSystems, removeSystem, updateSystem } from './manage-systems.ts';

const rejects400 = (fields: string[], pattern?: RegExp) => (e: Error & { status?: number; data?: { fields: { field: string }[] } }) => {
  assert.equal(e.status, 400);
  assert.deepEqual([...new Set(e.data?.fields.map((f) => f.field))].sort(), fields);
  if (pattern) assert.match(e.message, pattern);
  return true;
};

it('accepts connection references and URLs without a password, refuses a password in clear without repeating it', () => {
  for (const ok of ['env:SHOP_DB', 'secret:SHOP_DB', 'sqlite:/var/lib/shop.sqlite', 'sqlite:shop.sqlite', 'http:/etc/trustroom/crm.yml', 'postgres://dsr@db.internal:5432/shop', 'mysql://dsr@db/shop', 'mariadb://db/shop']) {
    assert.equal(connectionRefProblem(ok), null, ok);
  }
  for (const bad of ['postgres://u:p@db/shop', 'postgresql://dsr:s3cret@db:5432/shop', 'mysql://u:p@db/shop', 'mariadb://root:x@db', 'postgres://db/shop?password=s3cret']) {
    const problem = connectionRefProblem(bad);
    assert.match(problem ?? '', /must not carry a password in clear: give env:NAME .* or secret:NAME/, bad);
    assert.doesNotMatch(problem ?? '', /s3cret/);
  }
  assert.match(connectionRefProblem('env:1BAD') ?? '', /env: must be followed by an environment variable name/);
  assert.match(connectionRefProblem('https://crm.example/api') ?? '', /must be a reference/);
  assert.match(connectionRefProblem('shop.sqlite') ?? '', /must be a reference/);
});

forEachDialect('data systems', (ctx) => {
  it('adds a system with its dataset and reference, lists it by customer, and audits without the YAML', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const customer = await buildCustomer(deps, scope);
    const own = await addSystem(deps, scope, { name: 'Shop', dataset: shopYaml(), connection: 'env:SHOP_DB' });
    const theirs = await addSystem(deps, scope, { name: 'Customer CRM', customerId: customer.id, dataset: shopYaml(), connection: 'sqlite:/data/crm.sqlite' });
    assert.equal(own.customerId, null);
    assert.ok(own.collections.includes('shop:customers'));
    assert.deepEqual((await listSystems(deps, scope)).map((s) => s.name), ['Customer CRM', 'Shop']);
    assert.deepEqual((await listSystems(deps, scope, { customerId: null })).map((s) => s.id), [own.id]);
    assert.deepEqual((await listSystems(deps, scope, { customerId: customer.id })).map((s) => s.id), [theirs.id]);
    const event = await deps.db.selectFrom('audit_events').selectAll().where('subject_id', '=', own.id).executeTakeFirstOrThrow();
    assert.equal(event.action, 'dsr_system.created');
    assert.deepEqual(JSON.parse(event.after_json ?? '{}').connectionRef, 'env:SHOP_DB');
    assert.doesNotMatch(event.after_json ?? '', /fides_key/);
  });

  it('refuses a connection with a password in clear with 400 naming connection and explaining env: and secret:', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await assert.rejects(addSystem(deps, scope, { name: 'Shop', dataset: shopYaml(), connection: 'postgres://dsr:s3cret@db/shop' }), (e: Error) => {
      rejects400(['connection'], /connection: must not carry a password in clear: give env:NAME/)(e);
      assert.doesNotMatch(e.message, /s3cret/);
      return true;
    });
    assert.equal((await listSystems(deps, scope)).length, 0);
  });

  it('refuses an invalid dataset naming its path under dataset, a missing name and an unknown customer', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const bad = shopYaml().replace('- name: customers', '- name: 1customers');
    await assert.rejects(addSystem(deps, scope, { dataset: bad, connection: 'env:X' }), rejects400(['dataset', 'name'], /dataset: dataset\[0\]\.collections\[0\]\.name: must be a plain SQL name/));
    await assert.rejects(addSystem(deps, scope, { name: 'S', dataset: shopYaml(), connection: 'env:X', customerId: 'nope' }), rejects400(['customerId']));
  });

  it('updates only the fields given, refuses a second system of the same name, and removes with an audit event', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const a = await addSystem(deps, scope, { name: 'A', dataset: shopYaml(), connection: 'env:A_DB' });
    await addSystem(deps, scope, { name: 'B', dataset: shopYaml(), connection: 'env:B_DB' });
    const updated = await updateSystem(deps, scope, a.id, { connection: 'secret:A_DB' });
    assert.deepEqual([updated.name, updated.connectionRef, updated.datasetYaml === shopYaml().trim()], ['A', 'secret:A_DB', true]);
    await assert.rejects(updateSystem(deps, scope, a.id, { name: 'B' }), { status: 409, code: 'dsr_system_exists' });
    await assert.rejects(updateSystem(deps, scope, a.id, { connection: 'mysql://root:pw@db/x' }), rejects400(['connection']));
    await removeSystem(deps, scope, a.id);
    assert.deepEqual((await listSystems(deps, scope)).map((s) => s.name), ['B']);
    const actions = (await deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', a.id).orderBy('seq').execute()).map((e) => e.action);
    assert.deepEqual(actions, ['dsr_system.created', 'dsr_system.updated', 'dsr_system.removed']);
  });

  it("does not show or change another workspace's system", async () => {
    const { deps } = ctx.db;
    const one = await buildWorkspace(deps);
    const two = await buildWorkspace(deps);
    const s = await addSystem(deps, one.scope, { name: 'Shop', dataset: shopYaml(), connection: 'env:SHOP_DB' });
    assert.equal((await listSystems(deps, two.scope)).length, 0);
    await assert.rejects(removeSystem(deps, two.scope, s.id), { status: 404 });
  });
});
