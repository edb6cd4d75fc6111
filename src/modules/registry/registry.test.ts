import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildEngagement, buildEntity, buildService, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { AppError } from '../../shared/errors.ts';
import { createEngagement, deleteEngagement, updateEngagement } from './manage-engagements.ts';
import { createEntity, deleteEntity } from './manage-entities.ts';
import { createRegion } from './manage-regions.ts';
import { listEngagements, listEntities } from './registry.queries.ts';

const fieldsOf = (e: unknown) => ((e as AppError).data as { fields: { field: string }[] }).fields.map((f) => f.field);

forEachDialect('registry', (ctx) => {
  it('keeps one entity with several engagements on different services and countries', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const commerce = await buildService(deps, scope, { slug: 'commerce', name: 'Commerce' });
    const connect = await buildService(deps, scope, { slug: 'connect', name: 'Connect' });
    const ingram = await buildEntity(deps, scope, { name: 'Ingram Micro Inc.', country: 'US' });
    await createEngagement(deps, scope, { entityId: ingram.id, kind: 'affiliate', purpose: 'Support', services: [commerce.slug], countries: ['US', 'CA'] });
    await createEngagement(deps, scope, { entityId: ingram.id, kind: 'affiliate', purpose: 'Support', services: [connect.slug], countries: 'mx' });
    const list = await listEngagements(deps.db, scope.workspaceId);
    assert.deepEqual(list.map((g) => [g.entityName, g.services, g.countries]), [
      ['Ingram Micro Inc.', ['commerce'], ['US', 'CA']],
      ['Ingram Micro Inc.', ['connect'], ['MX']],
    ]);
    assert.equal((await listEntities(deps.db, scope.workspaceId)).length, 1);
  });

  it('rejects an engagement naming every bad field and stores nothing', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const entity = await buildEntity(deps, scope);
    await assert.rejects(
      createEngagement(deps, scope, { entityId: entity.id, role: 'vendor', purpose: '', countries: ['DE', 'XX'], dataCategories: ['user.nope'], transferMechanisms: ['magic'] }),
      (e: unknown) => {
        assert.equal((e as AppError).code, 'validation_error');
        assert.deepEqual(fieldsOf(e), ['role', 'purpose', 'countries[1]', 'dataCategories[0]', 'transferMechanisms[0]']);
        assert.match((e as AppError).message, /countries\[1\]: must be an ISO 3166-1 alpha-2 country code/);
        return true;
      },
    );
    assert.equal((await listEngagements(deps.db, scope.workspaceId)).length, 0);
  });

  it('refuses services and entities of another workspace', async () => {
    const { deps } = ctx.db;
    const a = await buildWorkspace(deps);
    const b = await buildWorkspace(deps);
    const foreignEntity = await buildEntity(deps, b.scope);
    await buildService(deps, b.scope, { slug: 'only-in-b' });
    await assert.rejects(createEngagement(deps, a.scope, { entityId: foreignEntity.id, purpose: 'x', services: ['only-in-b'] }), (e: unknown) => {
      assert.deepEqual(fieldsOf(e), ['entityId', 'services[0]']);
      return true;
    });
  });

  it('updates and deletes an engagement, writing an audit event for each change', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const g = await buildEngagement(deps, scope, { purpose: 'Hosting' });
    const updated = await updateEngagement(deps, scope, g.id, { entityId: g.entityId, purpose: 'Backups', countries: ['FR'] });
    assert.equal(updated.purpose, 'Backups');
    await deleteEngagement(deps, scope, g.id);
    const events = await deps.db.selectFrom('audit_events').select(['action', 'before_json', 'after_json']).where('workspace_id', '=', scope.workspaceId).orderBy('seq').execute();
    assert.deepEqual(events.map((e) => e.action), ['workspace.created', 'entity.created', 'engagement.created', 'engagement.updated', 'engagement.deleted']);
    assert.equal(JSON.parse(events[3].before_json as string).purpose, 'Hosting');
    assert.equal(JSON.parse(events[3].after_json as string).purpose, 'Backups');
  });

  it('will not delete an entity that still has engagements', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const g = await buildEngagement(deps, scope);
    await assert.rejects(deleteEntity(deps, scope, g.entityId), { code: 'entity_in_use' });
    await deleteEngagement(deps, scope, g.id);
    await deleteEntity(deps, scope, g.entityId);
    assert.equal((await listEntities(deps.db, scope.workspaceId)).length, 0);
  });

  it('reports a duplicate entity name as a conflict on the name field', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await createEntity(deps, scope, { name: 'Stripe' });
    await assert.rejects(createEntity(deps, scope, { name: 'Stripe' }), { code: 'entity_exists', status: 409 });
  });

  it('stores a region with its provider, data centres and backup location', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const region = await createRegion(deps, scope, {
      slug: 'osc-fr1', name: 'osc-fr1', provider: 'Outscale', providerRegion: 'eu-west-2',
      dataCentres: 'Paris-Pantin (FR)\nMagny-les-Hameaux (fr)', backupLocation: 'Outscale OOS, France', backupCountries: 'FR',
    });
    assert.deepEqual(region.dataCentres, [{ label: 'Paris-Pantin', country: 'FR' }, { label: 'Magny-les-Hameaux', country: 'FR' }]);
    await assert.rejects(createRegion(deps, scope, { slug: 'x', name: 'x', dataCentres: [{ label: 'Nowhere', country: 'ZZ' }] }), (e: unknown) => {
      assert.deepEqual(fieldsOf(e), ['dataCentres[0].country']);
      return true;
    });
  });
});
