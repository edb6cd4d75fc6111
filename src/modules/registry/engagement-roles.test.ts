import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { AppError, FieldIssue } from '../../shared/errors.ts';
import { parseOperations } from '../changes/change-operations.ts';
import { engagementRoleLabel } from '../vocab/vocab.ts';
import { createEngagement, updateEngagement } from './manage-engagements.ts';
import { CONTROLLER_ROLE_MESSAGE, parseEngagementInput } from './registry.ts';
import { listEngagements } from './registry.queries.ts';

const fieldsOf = (e: unknown) => ((e as AppError).data as { fields: FieldIssue[] }).fields;

it('refuses a sub-processor acting as an independent controller, naming role', () => {
  assert.throws(() => parseEngagementInput({ entityId: 'e', purpose: 'Payments', role: 'subprocessor', context: 'controller' }), (e: unknown) => {
    assert.equal((e as AppError).status, 400);
    assert.deepEqual(fieldsOf(e), [{ field: 'role', message: CONTROLLER_ROLE_MESSAGE }]);
    assert.match((e as AppError).message, /^role: must be subcontractor when context is controller/);
    return true;
  });
});

it('defaults the role from the context: sub-processor for a processor, sub-contractor for an independent controller', () => {
  assert.equal(parseEngagementInput({ entityId: 'e', purpose: 'Hosting' }).role, 'subprocessor');
  assert.equal(parseEngagementInput({ entityId: 'e', purpose: 'Payments', context: 'controller' }).role, 'subcontractor');
  assert.equal(parseEngagementInput({ entityId: 'e', purpose: 'Payments', context: 'controller', role: 'subcontractor' }).context, 'controller');
});

it('labels an engagement in the controller context as an independent controller, whatever its role', () => {
  assert.equal(engagementRoleLabel('subcontractor', 'controller'), 'Independent controller (recipient)');
  assert.equal(engagementRoleLabel('subprocessor', 'processor'), 'Sub-processor');
});

forEachDialect('engagement roles', (ctx) => {
  it('refuses the pair on create and on update with 400 naming role, and stores nothing', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const entity = await buildEntity(deps, scope, { name: 'Stripe' });
    await assert.rejects(createEngagement(deps, scope, { entityId: entity.id, purpose: 'Payments', role: 'subprocessor', context: 'controller' }), (e: unknown) => {
      assert.deepEqual([(e as AppError).status, fieldsOf(e).map((f) => f.field)], [400, ['role']]);
      return true;
    });
    assert.equal((await listEngagements(deps.db, scope.workspaceId)).length, 0);
    const g = await buildEngagement(deps, scope, { entityId: entity.id, purpose: 'Payments' });
    await assert.rejects(updateEngagement(deps, scope, g.id, { entityId: entity.id, purpose: 'Payments', role: 'subprocessor', context: 'controller' }), (e: unknown) => {
      assert.deepEqual([(e as AppError).status, fieldsOf(e).map((f) => f.field)], [400, ['role']]);
      return true;
    });
    assert.equal((await listEngagements(deps.db, scope.workspaceId))[0].context, 'processor');
    const moved = await updateEngagement(deps, scope, g.id, { entityId: entity.id, purpose: 'Payments', context: 'controller' });
    assert.deepEqual([moved.role, moved.context], ['subcontractor', 'controller']);
  });

  it('names the role of an operation of a change that adds such an engagement', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const entity = await buildEntity(deps, scope, { name: 'PayPal' });
    const issues: FieldIssue[] = [];
    await parseOperations(deps.db, scope.workspaceId, [{ op: 'add', engagement: { entityId: entity.id, purpose: 'Payments', role: 'subprocessor', context: 'controller' } }], issues);
    assert.deepEqual(issues, [{ field: 'operations[0].engagement.role', message: CONTROLLER_ROLE_MESSAGE }]);
  });
});
