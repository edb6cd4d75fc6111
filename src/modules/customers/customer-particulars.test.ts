import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildCustomer, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { parseCustomerInput } from './customers.ts';
import { findCustomer } from './customers.queries.ts';
import { updateCustomer } from './manage-customers.ts';

it("reads the customer's DPO and representative, empty meaning none, and names a field that is too long", () => {
  const input = parseCustomerInput({ name: 'Acme', dpoContact: ' Jane Roe, dpo@acme.test ', representative: '' });
  assert.deepEqual([input.dpoContact, input.representative], ['Jane Roe, dpo@acme.test', null]);
  assert.throws(() => parseCustomerInput({ name: 'Acme', representative: 'x'.repeat(501) }), /representative: must be at most 500 characters/);
});

forEachDialect("customers' particulars for the record of processing", (ctx) => {
  it('stores the DPO and the representative of a customer and clears them when sent empty', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const made = await buildCustomer(deps, scope, { name: 'Globex Inc.', country: 'US', dpoContact: 'Jane Roe <dpo@globex.test>', representative: 'Globex EU Rep SARL, Paris' });
    const found = await findCustomer(deps.db, scope.workspaceId, made.id);
    assert.deepEqual([found?.dpoContact, found?.representative], ['Jane Roe <dpo@globex.test>', 'Globex EU Rep SARL, Paris']);
    const cleared = await updateCustomer(deps, scope, made.id, { name: 'Globex Inc.', country: 'US', dpoContact: '', representative: null });
    assert.deepEqual([cleared.dpoContact, cleared.representative], [null, null]);
  });
});
