import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { AppError } from '../../shared/errors.ts';
import { addSubprocessor } from './add-subprocessor.ts';
import { listEngagements, listEntities } from './registry.queries.ts';

const fieldsOf = (e: unknown) => ((e as AppError).data as { fields: { field: string }[] }).fields.map((f) => f.field);

forEachDialect('add subprocessor', (ctx) => {
  it('creates a new entity and its engagement together', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const { entity, engagement } = await addSubprocessor(deps, scope, { entity: { name: 'Mailer GmbH', country: 'DE' }, engagement: { purpose: 'Email delivery', countries: ['DE'] } });
    assert.equal(entity?.name, 'Mailer GmbH');
    assert.equal(engagement.entityName, 'Mailer GmbH');
    assert.equal((await listEngagements(deps.db, scope.workspaceId)).length, 1);
  });

  it('adds an engagement to an existing entity without creating another', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const existing = await buildEntity(deps, scope, { name: 'Hosting SA' });
    const { entity, engagement } = await addSubprocessor(deps, scope, { entityId: existing.id, engagement: { purpose: 'Hosting' } });
    assert.equal(entity, null);
    assert.equal(engagement.entityName, 'Hosting SA');
    assert.equal((await listEntities(deps.db, scope.workspaceId)).length, 1);
  });

  it('names bad fields of both parts and creates no entity when the engagement is invalid', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await assert.rejects(
      addSubprocessor(deps, scope, { entity: { name: '', country: 'XX' }, engagement: { purpose: '', countries: ['XX'] } }),
      (e: unknown) => {
        const fields = fieldsOf(e);
        assert.ok(fields.some((f) => f.startsWith('entity.')), fields.join());
        assert.ok(fields.includes('engagement.purpose'), fields.join());
        return true;
      },
    );
    await assert.rejects(addSubprocessor(deps, scope, { entity: { name: 'Valid Ltd' }, engagement: { purpose: 'x', services: ['no-such-service'] } }));
    assert.equal((await listEntities(deps.db, scope.workspaceId)).length, 0);
  });
});
