import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildWorkspace } from '../../../test/factories.ts';
import type { Deps, Scope } from '../../shared/deps.ts';
import { answerAccess, answerErasure } from './answer-request.ts';
import { placeLegalHold, releaseLegalHold } from './exemptions/legal-holds.ts';
import { resumeHeldErasures } from './exemptions/resume-held-erasures.ts';
import { openShop, PEOPLE, type Shop, shopYaml } from './fulfilment/shop-fixture.ts';
import { requestTimeline } from './requests.queries.ts';
import { submitRequest } from './submit-request.ts';
import { addSystem } from './systems/manage-systems.ts';

const KEY = randomBytes(32);

forEachDialect('answering a request from the systems', (ctx) => {
  const shops: Shop[] = [];
  after(async () => {
    for (const s of shops.splice(0)) await s.close();
  });
  async function setUp(): Promise<{ deps: Deps; scope: Scope; shop: Shop }> {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps, { name: 'InfluxData' });
    const shop = await openShop(ctx.dialect);
    shops.push(shop);
    await addSystem(deps, scope, { name: 'Shop', dataset: shopYaml(), connection: shop.url });
    return { deps, scope, shop };
  }
  const operatorEntry = (scope: Scope) => ({ channel: 'operator' as const, actor: scope.actor });

  it('answers an access request with a one-time package link e-mailed to the person, and completes it', async () => {
    const { deps, scope } = await setUp();
    const { request } = await submitRequest(deps, scope.workspaceId, { type: 'access', email: PEOPLE.alice.email, identityChecked: true, identityNote: 'Signed in' }, operatorEntry(scope));
    const { request: done, packageId } = await answerAccess(deps, scope, request.id, KEY);
    assert.equal(done.status, 'completed');
    assert.ok(packageId);
    const pkg = await deps.db.selectFrom('dsr_packages').selectAll().where('id', '=', packageId).executeTakeFirstOrThrow();
    assert.ok(pkg.size > 0);
    assert.ok(!Buffer.from(pkg.ciphertext_base64 ?? '', 'base64').toString('latin1').includes(PEOPLE.alice.email), 'the stored package is encrypted');
    const mail = await deps.db.selectFrom('messages').select(['text_body', 'kind']).where('to_address', '=', PEOPLE.alice.email).where('kind', '=', 'request.package').executeTakeFirstOrThrow();
    assert.match(mail.text_body, /\/requests\/package\/pk_/);
    const kinds = (await requestTimeline(deps.db, request.id)).map((e) => e.kind);
    assert.ok(kinds.includes('system_accessed') && kinds.includes('package_created') && kinds.at(-1) === 'closed_completed', kinds.join(','));
  });

  it('leaves an erasure open while a legal hold stands, and completes it with a message once the hold is released', async () => {
    const { deps, scope, shop } = await setUp();
    const hold = await placeLegalHold(deps, scope, { email: PEOPLE.bob.email, reason: 'Dispute over an invoice' });
    const { request } = await submitRequest(deps, scope.workspaceId, { type: 'erasure', email: PEOPLE.bob.email, identityChecked: true, identityNote: 'Signed in' }, operatorEntry(scope));
    const held = await answerErasure(deps, scope, request.id);
    assert.equal(held.status, 'in_progress');
    const [bobBefore] = await shop.query(`SELECT email FROM customers WHERE email = '${PEOPLE.bob.email}'`);
    assert.ok(bobBefore, 'nothing erased while held');
    await releaseLegalHold(deps, scope, hold.id);
    await resumeHeldErasures(deps, hold.id);
    const after = await deps.db.selectFrom('dsr_requests').select(['status', 'outcome_reason']).where('id', '=', request.id).executeTakeFirstOrThrow();
    assert.equal(after.status, 'completed');
    assert.deepEqual(await shop.query(`SELECT email FROM customers WHERE email = '${PEOPLE.bob.email}'`), []);
    const mail = await deps.db.selectFrom('messages').select('subject').where('to_address', '=', PEOPLE.bob.email).where('kind', '=', 'request.erased').executeTakeFirst();
    assert.ok(mail, 'the person is told');
  });

  it('leaves a request open for an operator when no system applies, instead of saying it was erased', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps, { name: 'No systems' });
    const { request } = await submitRequest(deps, scope.workspaceId, { type: 'erasure', email: 'nobody@example.org', identityChecked: true, identityNote: 'ok' }, operatorEntry(scope));
    const after = await answerErasure(deps, scope, request.id);
    assert.equal(after.status, 'in_progress');
    assert.equal((await requestTimeline(deps.db, request.id)).at(-1)?.kind, 'no_system');
    const told = await deps.db.selectFrom('messages').select('id').where('to_address', '=', 'nobody@example.org').where('kind', '=', 'request.erased').execute();
    assert.deepEqual(told, []);
  });
});
