import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../../../../test/dialects.ts';
import { buildWorkspace } from '../../../../test/factories.ts';
import { runErasureForRequest } from '../systems/fulfil-request.ts';
import { insertRequest } from '../systems/request-fixture.ts';
import { findActiveHold, listLegalHolds, placeLegalHold, releaseLegalHold } from './legal-holds.ts';

forEachDialect('legal holds', (ctx) => {
  it('places a hold by e-mail in lower case with who placed it, and lists active and released holds', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const actor = { type: 'user' as const, id: null, label: 'dpo@processor.test' };
    const hold = await placeLegalHold(deps, { ...scope, actor }, { email: ' Bob@Example.TEST ', reason: 'Court order 2026/77' });
    assert.deepEqual([hold.subjectEmail, hold.placedBy, hold.active], ['bob@example.test', 'dpo@processor.test', true]);
    const released = await releaseLegalHold(deps, { ...scope, actor }, hold.id);
    assert.deepEqual([released.active, released.releasedBy], [false, 'dpo@processor.test']);
    await placeLegalHold(deps, scope, { email: 'bob@example.test', reason: 'Second case' });
    assert.deepEqual((await listLegalHolds(deps, scope)).map((h) => h.active).sort(), [false, true]);
    assert.deepEqual((await listLegalHolds(deps, scope, { activeOnly: true })).map((h) => h.reason), ['Second case']);
  });

  it('refuses a hold without a valid e-mail or a reason with 400 naming each field', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await assert.rejects(placeLegalHold(deps, scope, { email: 'not an address' }), (e: Error & { status?: number; data?: { fields: { field: string }[] } }) => {
      assert.equal(e.status, 400);
      assert.deepEqual(e.data?.fields.map((f) => f.field), ['email', 'reason']);
      assert.doesNotMatch(e.message, /not an address/);
      return true;
    });
  });

  it("holds only that person in that workspace: another person's erasure and another workspace's are not held", async () => {
    const { deps } = ctx.db;
    const one = await buildWorkspace(deps);
    const two = await buildWorkspace(deps);
    const hold = await placeLegalHold(deps, one.scope, { email: 'held@example.test', reason: 'Litigation' });
    assert.equal((await findActiveHold(deps.db, one.workspace.id, ['HELD@example.test']))?.id, hold.id);
    assert.equal(await findActiveHold(deps.db, two.workspace.id, ['held@example.test']), null);
    const other = await insertRequest(deps, one.workspace.id, { email: 'free@example.test' });
    assert.equal((await runErasureForRequest(deps, one.scope, other.id)).heldBy, null);
    const elsewhere = await insertRequest(deps, two.workspace.id, { email: 'held@example.test' });
    assert.equal((await runErasureForRequest(deps, two.scope, elsewhere.id)).heldBy, null);
    const held = await insertRequest(deps, one.workspace.id, { email: 'held@example.test' });
    assert.equal((await runErasureForRequest(deps, one.scope, held.id)).heldBy, hold.id);
  });
});
