import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildCustomer, buildEngagement, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { newId } from '../../shared/ids.ts';
import type { Scope } from '../../shared/deps.ts';
import type { Db } from '../../db/schema.ts';
import { buildControllerRecord } from './controller-record.ts';
import { loadRecord } from './export-records.ts';
import { createActivity } from './manage-activities.ts';
import { buildProcessorRecord } from './processor-record.ts';
import { CONTROLLER_CHECKS, controllerRecordWarnings, particularRules, PROCESSOR_CHECKS } from './record-warnings.ts';
import { parseActivityInput } from './records.ts';

const TODAY = '2026-06-01';
const BILLING = {
  role: 'controller', name: 'Billing', legalBasis: 'contract', purposes: ['Invoicing'], dataSubjects: ['Customers’ representatives'],
  dataCategories: ['user.contact.email'], recipients: ['Accountants'], retention: '10 years (commercial code)',
};
const HOSTING = { role: 'processor', name: 'Hosting', purposes: ['Hosting'], dataSubjects: ['End users'], dataCategories: ['user.content'] };

const addMeasure = (db: Db, scope: Scope) => db.insertInto('measures').values({
  id: newId(), workspace_id: scope.workspaceId, category: 'physical_access_control', title: 'Badge access', description: 'Badges.',
  owner: null, review_interval_days: 365, last_reviewed_on: null, position: 0, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
}).execute();

it('reads joint controllers one per line for a controller activity and refuses them for a processor activity', () => {
  assert.deepEqual(parseActivityInput({ ...BILLING, jointControllers: 'Acme Holding SA, privacy@holding.test\n\nAcme Labs' }).jointControllers, ['Acme Holding SA, privacy@holding.test', 'Acme Labs']);
  assert.deepEqual(parseActivityInput(BILLING).jointControllers, []);
  assert.throws(() => parseActivityInput({ ...HOSTING, jointControllers: ['Acme Holding SA'] }), /jointControllers: must be empty for a processor activity/);
});

it('keeps the Art 30 particulars as dated rule data with its source, each with a check and each check with a particular', () => {
  const rules = particularRules();
  assert.equal(rules.checked, '2026-12-03');
  assert.match(rules.source, /eli\/reg\/2016\/679/);
  assert.deepEqual(rules.records.controller.map((p) => p.key), [...CONTROLLER_CHECKS]);
  assert.deepEqual(rules.records.processor.map((p) => p.key), [...PROCESSOR_CHECKS]);
  for (const p of [...rules.records.controller, ...rules.records.processor]) {
    assert.match(p.article, /^Art 30\([12]\)/, p.key);
    assert.ok(['always', 'where_applicable', 'where_possible'].includes(p.when), p.key);
  }
  // The brief's list: name/contact, DPO, purposes, data subjects, data categories, recipients, transfers, erasure, measures.
  for (const key of ['controller_name', 'controller_contact', 'controller_dpo', 'purposes', 'data_subjects', 'data_categories', 'recipients', 'transfers_documentation', 'erasure_time_limits', 'measures']) {
    assert.ok(CONTROLLER_CHECKS.includes(key as never), key);
  }
});

it('warns about an activity whose lists are empty (a row written before the form required them)', () => {
  const activity = { id: 'a1', position: 0, ...parseActivityInput(BILLING), purposes: [], dataSubjects: [], dataCategories: [] };
  const party = { name: 'Acme', legalName: null, address: null, country: 'FR', contact: 'privacy@acme.test', dpoContact: 'dpo@acme.test', representative: null };
  const warnings = controllerRecordWarnings({ generatedOn: TODAY, controller: party, jointControllers: [], activities: [activity], transfers: [], measures: [{ category: 'x', categoryLabel: 'X', title: 'Y' }] });
  assert.deepEqual(warnings.map((w) => [w.particular, w.activityId]), [['purposes', 'a1'], ['data_subjects', 'a1'], ['data_categories', 'a1']]);
});

forEachDialect('records: particulars and warnings', (ctx) => {
  it("names the controller's representative, DPO and joint controllers, and each customer's DPO and representative", async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps, { name: 'Acme Cloud' });
    await deps.db.updateTable('workspaces').set({ dpo_contact: 'Ada Lovelace, dpo@acme.test', representative: 'Acme EU Rep BV, Amsterdam' }).where('id', '=', scope.workspaceId).execute();
    await createActivity(deps, scope, { ...BILLING, jointControllers: ['Acme Holding SA', 'Acme Labs'] });
    await createActivity(deps, scope, { ...BILLING, name: 'Marketing', legalBasis: 'legitimate_interests', jointControllers: 'Acme Labs\nPartner Co' });
    await createActivity(deps, scope, HOSTING);
    const customer = await buildCustomer(deps, scope, { name: 'Globex Inc.', country: 'US', dpoContact: 'Jane Roe', representative: 'Globex EU Rep SARL' });

    const controller = await buildControllerRecord(deps.db, scope.workspaceId, TODAY);
    assert.deepEqual(controller.jointControllers, ['Acme Holding SA', 'Acme Labs', 'Partner Co']);
    assert.deepEqual([controller.controller.representative, controller.controller.dpoContact], ['Acme EU Rep BV, Amsterdam', 'Ada Lovelace, dpo@acme.test']);
    assert.deepEqual(controller.activities.map((a) => a.jointControllers), [['Acme Holding SA', 'Acme Labs'], ['Acme Labs', 'Partner Co']]);

    const record = await buildProcessorRecord(deps.db, scope.workspaceId, customer.id, TODAY);
    assert.deepEqual([record?.controller.dpoContact, record?.controller.representative], ['Jane Roe', 'Globex EU Rep SARL']);
    assert.deepEqual([record?.processor.representative, record?.processor.dpoContact], ['Acme EU Rep BV, Amsterdam', 'Ada Lovelace, dpo@acme.test']);
  });

  it('warns about each empty mandatory particular of the Art 30(1) record, and stops when it is filled', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps, { name: 'Acme Cloud' });
    await deps.db.updateTable('workspaces').set({ country: 'US' }).where('id', '=', scope.workspaceId).execute();
    const empty = await loadRecord(deps.db, scope.workspaceId, { kind: 'controller', customerId: null }, TODAY);
    assert.deepEqual(empty.warnings.map((w) => w.particular), ['controller_contact', 'controller_representative', 'controller_dpo', 'activities', 'measures']);
    assert.match(empty.warnings[1].message, /^Controller: name and contact details of the controller's representative in the Union — established outside the EEA \(US\)/);

    const billing = await createActivity(deps, scope, { ...BILLING, recipients: [], retention: null });
    await buildEngagement(deps, scope, { context: 'controller', countries: ['US'], purpose: 'Payments', transferMechanisms: [] });
    await buildEngagement(deps, scope, { context: 'controller', countries: ['IN'], purpose: 'Support', transferMechanisms: ['derogation'] });
    const gaps = await loadRecord(deps.db, scope.workspaceId, { kind: 'controller', customerId: null }, TODAY);
    assert.deepEqual(gaps.warnings.map((w) => [w.particular, w.activityId]), [
      ['controller_contact', null], ['controller_representative', null], ['controller_dpo', null], ['recipients', billing.id],
      ['transfers_documentation', null], ['transfers_documentation', null], ['erasure_time_limits', billing.id], ['measures', null],
    ]);
    assert.match(gaps.warnings[4].message, /\(US\): documentation of the transfer .* — no transfer mechanism recorded gives it a basis under Chapter V \(Art 30\(1\)\(e\), where it applies\)$/);
    assert.match(gaps.warnings[5].message, /\(IN\): .* rests on a derogation \(Art 49\)/);

    await deps.db.updateTable('workspaces').set({ contact_email: 'privacy@acme.test', representative: 'Acme EU Rep BV', dpo_contact: 'dpo@acme.test' }).where('id', '=', scope.workspaceId).execute();
    await deps.db.updateTable('processing_activities').set({ recipients: '["Accountants"]', retention: '10 years', transfer_safeguards: 'Art 49(1) second subparagraph: assessment of 2026-01-10' }).where('id', '=', billing.id).execute();
    await deps.db.updateTable('engagements').set({ transfer_mechanisms: '["scc-2021"]' }).where('purpose', '=', 'Payments').where('workspace_id', '=', scope.workspaceId).execute();
    await addMeasure(deps.db, scope);
    assert.deepEqual((await loadRecord(deps.db, scope.workspaceId, { kind: 'controller', customerId: null }, TODAY)).warnings, []);
  });

  it("warns about the processor's and each customer's empty particulars in the Art 30(2) record, each activity once", async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps, { name: 'Acme Cloud' });
    const globex = await buildCustomer(deps, scope, { name: 'Globex Inc.', country: 'US', contacts: [] });
    const initech = await buildCustomer(deps, scope, { name: 'Initech SARL', country: 'FR', dpoContact: 'dpo@initech.test' });
    const none = await loadRecord(deps.db, scope.workspaceId, { kind: 'processor', customerId: null }, TODAY);
    assert.deepEqual(none.warnings.map((w) => [w.particular, w.customerId]), [
      ['processor_contact', null], ['processor_dpo', null],
      ['controller_contact', globex.id], ['controller_representative', globex.id], ['controller_dpo', globex.id],
      ['activities', globex.id], ['activities', initech.id], ['measures', null],
    ]);
    assert.match(none.warnings[3].message, /^Customer Globex Inc\.: name and contact details of the controller's representative in the Union — established outside the EEA \(US\)/);
    await createActivity(deps, scope, HOSTING);
    await addMeasure(deps.db, scope);
    const one = await loadRecord(deps.db, scope.workspaceId, { kind: 'processor', customerId: initech.id }, TODAY);
    assert.deepEqual(one.warnings.map((w) => [w.particular, w.customerId]), [['processor_contact', null], ['processor_dpo', null]]);
  });
});
