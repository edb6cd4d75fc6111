import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildCustomer, buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { AppError } from '../../shared/errors.ts';
import { SYSTEM_ACTOR } from '../../shared/deps.ts';
import { assessForCustomer, NOT_AUTHORISED_WARNING } from '../transfers/assess-engagements.ts';
import { findWorkspace, updateProcessorParticulars } from '../workspaces/workspaces.ts';
import { parseCustomerInput } from './customers.ts';
import { findCustomer } from './customers.queries.ts';
import { updateCustomer } from './manage-customers.ts';
import { supervisoryAuthorityFor } from './supervisory-authority.ts';

const fieldsOf = (e: unknown) => ((e as AppError).data as { fields: { field: string }[] }).fields.map((f) => f.field);

it('defaults the DPA terms: transfers authorised, the DPA\'s audit and return periods, return then delete', () => {
  const input = parseCustomerInput({ name: 'Acme' });
  assert.deepEqual(
    [input.transfersAuthorised, input.auditFrequencyMonths, input.auditNoticeDays, input.terminationHandling, input.terminationDays, input.supervisoryAuthority],
    [true, null, null, 'return_then_delete', null, null],
  );
});

it('reads the DPA terms from form strings and from JSON values alike', () => {
  const fromForm = parseCustomerInput({ name: 'Acme', transfersAuthorised: 'false', auditFrequencyMonths: '12', auditNoticeDays: '28', terminationHandling: 'delete', terminationDays: '30' });
  const fromJson = parseCustomerInput({ name: 'Acme', transfersAuthorised: false, auditFrequencyMonths: 12, auditNoticeDays: 28, terminationHandling: 'delete', terminationDays: 30 });
  for (const x of [fromForm, fromJson]) {
    assert.deepEqual([x.transfersAuthorised, x.auditFrequencyMonths, x.auditNoticeDays, x.terminationHandling, x.terminationDays], [false, 12, 28, 'delete', 30]);
  }
});

it('names every bad DPA term in one error', () => {
  assert.throws(
    () => parseCustomerInput({ name: 'Acme', transfersAuthorised: 'maybe', auditFrequencyMonths: '0', auditNoticeDays: '-1', terminationHandling: 'shred', terminationDays: '366' }),
    (e: unknown) => {
      assert.deepEqual(fieldsOf(e), ['transfersAuthorised', 'auditFrequencyMonths', 'auditNoticeDays', 'terminationHandling', 'terminationDays']);
      assert.match((e as AppError).message, /auditFrequencyMonths: must be a whole number of months from 1 to 120/);
      return true;
    },
  );
});

it('finds the competent supervisory authority from the country, unless the customer names its own', () => {
  assert.equal(supervisoryAuthorityFor('FR', null).name, "Commission nationale de l'informatique et des libertés (CNIL)");
  assert.equal(supervisoryAuthorityFor('NO', null).name, 'Datatilsynet');
  assert.match(supervisoryAuthorityFor('DE', null).note ?? '', /Land/);
  assert.deepEqual(supervisoryAuthorityFor('DE', 'Berliner Beauftragte für Datenschutz und Informationsfreiheit'), {
    name: 'Berliner Beauftragte für Datenschutz und Informationsfreiheit', url: null, basis: 'customer', note: null, rulesVersion: null,
  });
  const outside = supervisoryAuthorityFor('US', null);
  assert.deepEqual([outside.name, outside.basis], [null, 'undetermined']);
  assert.match(outside.note ?? '', /outside the EEA/);
  assert.equal(supervisoryAuthorityFor(null, null).basis, 'undetermined');
});

forEachDialect('customer contract terms', (ctx) => {
  it('stores the DPA terms and shows the authority in force', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const made = await buildCustomer(deps, scope, { country: 'IE', address: '1 Example Street, Dublin', contactPerson: 'Jane Doe, DPO', auditFrequencyMonths: 24, terminationHandling: 'delete', terminationDays: 14 });
    const found = await findCustomer(deps.db, scope.workspaceId, made.id);
    assert.deepEqual(
      [found?.address, found?.contactPerson, found?.auditFrequencyMonths, found?.auditNoticeDays, found?.terminationHandling, found?.terminationDays, found?.transfersAuthorised],
      ['1 Example Street, Dublin', 'Jane Doe, DPO', 24, null, 'delete', 14, true],
    );
    assert.deepEqual([found?.competentAuthority.name, found?.competentAuthority.basis], ['Data Protection Commission', 'country']);
  });

  it('warns about every sub-processor outside the EEA for a customer that did not authorise such transfers, and only for it', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const eu = await buildEntity(deps, scope, { name: 'EU Host' });
    const us = await buildEntity(deps, scope, { name: 'US Mailer' });
    await buildEngagement(deps, scope, { entityId: eu.id, countries: ['FR'] });
    await buildEngagement(deps, scope, { entityId: us.id, countries: ['US'], transferMechanisms: ['scc-2021'] });
    const strict = await buildCustomer(deps, scope, { transfersAuthorised: false });
    const relaxed = await buildCustomer(deps, scope);
    const warned = (fs: Awaited<ReturnType<typeof assessForCustomer>>) => fs.filter((f) => f.warnings.includes(NOT_AUTHORISED_WARNING)).map((f) => [f.entityName, f.country, f.status]);
    const s = await findCustomer(deps.db, scope.workspaceId, strict.id);
    const r = await findCustomer(deps.db, scope.workspaceId, relaxed.id);
    assert.deepEqual(warned(await assessForCustomer(deps.db, scope.workspaceId, s!, '2026-11-23')), [['US Mailer', 'US', 'safeguarded']]);
    assert.deepEqual(warned(await assessForCustomer(deps.db, scope.workspaceId, r!, '2026-11-23')), []);
    // Authorising it later clears the warning.
    await updateCustomer(deps, scope, strict.id, { name: s!.name, transfersAuthorised: true });
    const after = await findCustomer(deps.db, scope.workspaceId, strict.id);
    assert.deepEqual(warned(await assessForCustomer(deps.db, scope.workspaceId, after!, '2026-11-23')), []);
  });

  it('replaces the processor particulars with an audit event, and refuses a bad country and address naming both fields', async () => {
    const { deps } = ctx.db;
    const { workspace } = await buildWorkspace(deps);
    await updateProcessorParticulars(deps, SYSTEM_ACTOR, workspace.id, { legalName: 'Acme Cloud SAS', address: '1 rue Exemple, Paris', country: 'fr', contactName: 'Jo, DPO', contactEmail: 'DPO@Acme.test' });
    const w = await findWorkspace(deps.db, workspace.id);
    assert.deepEqual(w?.processor, { legalName: 'Acme Cloud SAS', address: '1 rue Exemple, Paris', country: 'FR', contactName: 'Jo, DPO', contactEmail: 'dpo@acme.test', dpoContact: null, representative: null, signatoryName: null, signatoryTitle: null });
    await assert.rejects(updateProcessorParticulars(deps, SYSTEM_ACTOR, workspace.id, { country: 'XX', contactEmail: 'nope' }), (e: unknown) => {
      assert.deepEqual(fieldsOf(e), ['country', 'contactEmail']);
      return true;
    });
    assert.equal((await findWorkspace(deps.db, workspace.id))?.processor.legalName, 'Acme Cloud SAS');
    const audits = await deps.db.selectFrom('audit_events').select('action').where('workspace_id', '=', workspace.id).where('action', '=', 'workspace.particulars_updated').execute();
    assert.equal(audits.length, 1);
  });
});
