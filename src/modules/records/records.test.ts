import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildCustomer, buildEngagement, buildService, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { assessForCustomer } from '../transfers/assess-engagements.ts';
import { createActivity, deleteActivity, moveActivity, updateActivity } from './manage-activities.ts';
import { buildProcessorRecord, buildProcessorRecords } from './processor-record.ts';
import { publishListVersion } from '../publishing/publish-list-version.ts';
import { buildControllerRecord } from './controller-record.ts';
import { parseActivityInput } from './records.ts';
import { findActivity, listActivities } from './records.queries.ts';

const auditActions = async (deps: { db: import('../../db/schema.ts').Db }, workspaceId: string) =>
  (await deps.db.selectFrom('audit_events').select('action').where('workspace_id', '=', workspaceId).orderBy('seq').execute()).map((r) => r.action);

const fieldsOf = (e: unknown) => ((e as AppError).data as { fields: { field: string }[] }).fields.map((f) => f.field);

export const HOSTING = {
  role: 'processor', name: 'Hosting of services data', purposes: ['Hosting, storage and backup of applications'],
  dataSubjects: ['End users of the Customer'], dataCategories: ['user.content', 'Log files'],
};

it('names every missing or bad field of an activity at once', () => {
  assert.throws(() => parseActivityInput({ role: 'owner', purposes: '', dataCategories: ['user.not_a_key', 7] }), (e: unknown) => {
    assert.deepEqual(fieldsOf(e), ['role', 'name', 'purposes', 'dataSubjects', 'dataCategories[0]', 'dataCategories[1]']);
    assert.match((e as AppError).message, /dataCategories\[0\]: is not a fideslang data category key/);
    return true;
  });
});

it('reads list fields one entry per line, so an entry may hold commas, and also as JSON arrays', () => {
  const input = parseActivityInput({ ...HOSTING, purposes: 'Hosting, storage and backup\r\n\n  Support  \nSupport', dataSubjects: ['A', ' B '], frequency: 'one_off' });
  assert.deepEqual(input.purposes, ['Hosting, storage and backup', 'Support']);
  assert.deepEqual(input.dataSubjects, ['A', 'B']);
  assert.equal(input.frequency, 'one_off');
  assert.equal(input.legalBasis, null);
});

it('requires an Art 6(1) legal basis for a controller activity and refuses one for a processor activity', () => {
  assert.throws(() => parseActivityInput({ ...HOSTING, role: 'controller' }), /legalBasis: is required for a controller activity/);
  assert.throws(() => parseActivityInput({ ...HOSTING, role: 'controller', legalBasis: 'because' }), /legalBasis: must be one of consent, contract, legal_obligation/);
  assert.throws(() => parseActivityInput({ ...HOSTING, legalBasis: 'contract' }), /legalBasis: must be empty for a processor activity/);
  assert.throws(() => parseActivityInput({ ...HOSTING, role: 'controller', legalBasis: 'contract', services: ['paas'] }), /services: must be empty for a controller activity/);
  assert.equal(parseActivityInput({ ...HOSTING, role: 'controller', legalBasis: 'contract' }).legalBasis, 'contract');
});

forEachDialect('processing activities', (ctx) => {
  it('creates, updates, moves and deletes activities, each with its audit event', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await buildService(deps, scope, { slug: 'paas', name: 'PaaS' });
    const a = await createActivity(deps, scope, { ...HOSTING, services: ['paas'] });
    const b = await createActivity(deps, scope, { ...HOSTING, name: 'Support', services: [] });
    assert.deepEqual(a.services, ['paas']);
    assert.deepEqual([a.position, b.position], [0, 1]);
    const updated = await updateActivity(deps, scope, a.id, { ...HOSTING, retention: 'Deleted 30 days after the end of the contract' });
    assert.deepEqual(updated.services, []);
    assert.equal(updated.retention, 'Deleted 30 days after the end of the contract');
    const order = await moveActivity(deps, scope, b.id, { direction: 'up' });
    assert.deepEqual(order.map((x) => x.name), ['Support', 'Hosting of services data']);
    await deleteActivity(deps, scope, a.id);
    assert.equal(await findActivity(deps.db, scope.workspaceId, a.id), undefined);
    assert.deepEqual((await auditActions(deps, scope.workspaceId)).filter((x) => x.startsWith('processing_activity.')), [
      'processing_activity.created', 'processing_activity.created', 'processing_activity.updated', 'processing_activity.moved', 'processing_activity.deleted',
    ]);
  });

  it('rejects an unknown service and a duplicate name without changing anything', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await createActivity(deps, scope, HOSTING);
    await assert.rejects(createActivity(deps, scope, { ...HOSTING, name: 'Other', services: ['nope'] }), (e: unknown) => {
      assert.deepEqual(fieldsOf(e), ['services[0]']);
      return true;
    });
    await assert.rejects(createActivity(deps, scope, HOSTING), (e: unknown) => (e as AppError).code === 'processing_activity_exists' && (e as AppError).status === 409);
    assert.equal((await listActivities(deps.db, scope.workspaceId)).length, 1);
  });

  it("builds a customer's Art 30(2) record from the activities of its services and exactly the sub-processors assessForCustomer gives", async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps, { name: 'Acme Cloud' });
    await buildService(deps, scope, { slug: 'paas', name: 'PaaS' });
    await buildService(deps, scope, { slug: 'mail', name: 'Mail' });
    await createActivity(deps, scope, { ...HOSTING, name: 'Hosting', services: ['paas'] });
    await createActivity(deps, scope, { ...HOSTING, name: 'Mail delivery', services: ['mail'] });
    await createActivity(deps, scope, { ...HOSTING, name: 'Support' });
    await createActivity(deps, scope, { ...HOSTING, role: 'controller', name: 'Billing', legalBasis: 'contract' });
    await buildEngagement(deps, scope, { services: ['paas'], countries: ['US'], transferMechanisms: ['scc-2021'] });
    await buildEngagement(deps, scope, { services: ['mail'], countries: ['DE'] });
    await buildEngagement(deps, scope, { countries: ['FR'] });
    const customer = await buildCustomer(deps, scope, { name: 'Globex SA', services: ['paas'] });
    await deps.db.updateTable('customers').set({ address: '1 rue de la Paix, Paris', contact_person: 'Jane Roe, DPO' }).where('id', '=', customer.id).execute();
    await deps.db.insertInto('measures').values({
      id: newId(), workspace_id: scope.workspaceId, category: 'physical_access_control', title: 'Badge access to the data centres', description: 'Badges.',
      owner: null, review_interval_days: 365, last_reviewed_on: null, position: 0, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
    }).execute();

    assert.deepEqual((await buildProcessorRecord(deps.db, scope.workspaceId, customer.id, '2026-06-01'))?.transfers, [], 'nothing published: no sub-processor is in effect for the customer');
    await publishListVersion(deps, scope, {});
    const record = await buildProcessorRecord(deps.db, scope.workspaceId, customer.id, '2026-06-01');
    assert.ok(record);
    assert.deepEqual(record.activities.map((a) => a.name), ['Hosting', 'Support']);
    // Once published (and no change pending), what is in effect is what applies to its services.
    const expected = await assessForCustomer(deps.db, scope.workspaceId, customer, '2026-06-01');
    assert.deepEqual(record.transfers.map((t) => [t.engagementId, t.country, t.status]).sort(), expected.map((t) => [t.engagementId, t.country, t.status]).sort());
    assert.deepEqual(record.transfers.map((t) => t.country).sort(), ['FR', 'US']);
    assert.equal(record.processor.name, workspace.name);
    assert.deepEqual({ address: record.controller.address, contact: record.controller.contact }, { address: '1 rue de la Paix, Paris', contact: 'Jane Roe, DPO' });
    assert.deepEqual(record.measures.map((m) => m.title), ['Badge access to the data centres']);
    assert.equal(await buildProcessorRecord(deps.db, scope.workspaceId, newId(), '2026-06-01'), undefined);

    const everyone = await buildCustomer(deps, scope, { name: 'Initech' });
    const all = await buildProcessorRecords(deps.db, scope.workspaceId, '2026-06-01');
    assert.deepEqual(all.map((r) => [r.controller.name, r.activities.length]), [['Globex SA', 2], ['Initech', 3]]);
    assert.equal(all[1].controller.customerId, everyone.id);
  });

  it("builds the Art 30(1) record from the controller activities and the engagements used as controller", async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await deps.db.updateTable('workspaces').set({ legal_name: 'Acme Cloud SAS', dpo_contact: 'dpo@acme.test' }).where('id', '=', scope.workspaceId).execute();
    await createActivity(deps, scope, { ...HOSTING, role: 'controller', name: 'Billing', legalBasis: 'contract' });
    await createActivity(deps, scope, HOSTING);
    await buildEngagement(deps, scope, { context: 'controller', countries: ['US'], transferMechanisms: ['dpf'], purpose: 'Payments' });
    await buildEngagement(deps, scope, { countries: ['DE'] });
    const record = await buildControllerRecord(deps.db, scope.workspaceId, '2026-06-01');
    assert.deepEqual(record.activities.map((a) => a.name), ['Billing']);
    assert.deepEqual(record.transfers.map((t) => [t.purpose, t.country]), [['Payments', 'US']]);
    assert.equal(record.controller.name, 'Acme Cloud SAS');
    assert.equal(record.controller.dpoContact, 'dpo@acme.test');
  });
});
