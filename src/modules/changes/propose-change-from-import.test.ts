import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildEngagement, buildEntity, buildService, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { ImportedRow } from '../import/import.ts';
import { findImportDraft } from '../import/apply-import.ts';
import { proposeChangeFromImport } from './propose-change-from-import.ts';

const row = (n: number, over: Partial<ImportedRow>): ImportedRow => ({
  row: n, name: 'X', purpose: 'Hosting', countries: [], regions: [], section: null, location: null, kind: null, services: [], website: null, dataCategories: [], transferMechanism: null, ...over,
});

forEachDialect('proposing a change from an import', (ctx) => {
  it('turns new rows into additions, changed locations into modifications and missing rows into removals', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await buildService(deps, scope, { slug: 'connect', name: 'Connect' });
    const aws = await buildEntity(deps, scope, { name: 'Amazon Web Services, Inc.', country: 'US' });
    const zendesk = await buildEntity(deps, scope, { name: 'Zendesk, Inc.', country: 'US' });
    const hosting = await buildEngagement(deps, scope, { entityId: aws.id, purpose: 'Hosting', countries: ['DE'] });
    const support = await buildEngagement(deps, scope, { entityId: zendesk.id, purpose: 'Support tickets', countries: ['US'] });
    const draftId = newId();
    await deps.db.insertInto('import_drafts').values({
      id: draftId, workspace_id: scope.workspaceId, source: 'vendor-list.md', status: 'draft', created_by: 'test', created_at: new Date().toISOString(), decided_at: null, warnings: '[]',
      rows: JSON.stringify([
        row(1, { name: 'Amazon Web Services, Inc.', purpose: 'Hosting', countries: ['DE', 'IE'], transferMechanism: 'SCCs' }),
        row(2, { name: 'Twilio Inc.', purpose: 'SMS', countries: ['US'], services: ['Connect', 'Billing'], transferMechanism: 'Data Privacy Framework' }),
      ]),
    }).execute();
    const { change, warnings } = await proposeChangeFromImport(deps, scope, draftId, { proposedDate: '2030-01-15' });
    assert.equal(change.status, 'draft');
    assert.deepEqual(change.operations.map((o) => o.op), ['modify', 'add', 'remove']);
    const [modify, add, remove] = change.operations as [any, any, any];
    assert.equal(modify.engagementId, hosting.id);
    assert.deepEqual([modify.engagement.countries, modify.engagement.transferMechanisms], [['DE', 'IE'], ['scc-2021']]);
    assert.deepEqual([add.engagement.services, add.engagement.transferMechanisms], [['connect'], ['dpf']]);
    assert.equal(remove.engagementId, support.id);
    assert.deepEqual(warnings, ['row 2: service "Billing" is not in the registry and was left out']);
    assert.equal((await findImportDraft(deps.db, scope.workspaceId, draftId))?.status, 'applied');
    await assert.rejects(proposeChangeFromImport(deps, scope, draftId, { proposedDate: '2030-01-15' }), (e: unknown) => (e as AppError).code === 'import_decided');
  });

  it('matches rows to registry entities by legal or normalised name: a modification, not a second entity', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const aws = await buildEntity(deps, scope, { name: 'AWS', legalName: 'Amazon Web Services, Inc.' });
    const stripe = await buildEntity(deps, scope, { name: 'Stripe' });
    const hosting = await buildEngagement(deps, scope, { entityId: aws.id, purpose: 'Hosting', countries: ['DE'] });
    await buildEngagement(deps, scope, { entityId: stripe.id, purpose: 'Payments', countries: ['IE'] });
    const draftId = newId();
    await deps.db.insertInto('import_drafts').values({
      id: draftId, workspace_id: scope.workspaceId, source: 'list.md', status: 'draft', created_by: 'test', created_at: new Date().toISOString(), decided_at: null, warnings: '[]',
      rows: JSON.stringify([
        row(1, { name: 'Amazon Web Services, Inc.', purpose: 'Hosting', countries: ['DE', 'IE'] }),
        row(2, { name: 'Stripe, Inc.', purpose: 'Payments', countries: ['IE'] }),
        row(3, { name: 'Stripe Inc', purpose: 'Billing', countries: ['US'] }),
      ]),
    }).execute();
    const entitiesBefore = await deps.db.selectFrom('entities').select('id').where('workspace_id', '=', scope.workspaceId).execute();
    const { change } = await proposeChangeFromImport(deps, scope, draftId, { proposedDate: '2030-01-15' });
    assert.deepEqual(change.operations.map((o) => o.op), ['modify', 'add']);
    const [modify, add] = change.operations as [any, any];
    assert.equal(modify.engagementId, hosting.id);
    assert.equal(add.engagement.entityId, stripe.id, 'a new engagement of the Stripe already there');
    const entitiesAfter = await deps.db.selectFrom('entities').select('id').where('workspace_id', '=', scope.workspaceId).execute();
    assert.equal(entitiesAfter.length, entitiesBefore.length);
  });

  it('names the missing proposed date and changes nothing', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await assert.rejects(proposeChangeFromImport(deps, scope, newId(), {}), (e: unknown) => /proposedDate: is required/.test((e as AppError).message));
  });
});
