import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { fixedClock } from '../../shared/clock.ts';
import type { AppError } from '../../shared/errors.ts';
import { deleteEngagement } from '../registry/manage-engagements.ts';
import { assessEngagements, assessForCustomer } from './assess-engagements.ts';
import { assessTransfer } from './assess-transfer.ts';
import { createTransferRecord, deleteTransferRecord, updateTransferRecord } from './manage-transfer-records.ts';
import { listTransferChecks, operatorFindings, yearBefore } from './operator-findings.ts';
import type { TransferRecordInput } from './transfer-records.ts';
import { listTransferRecords } from './transfer-records.queries.ts';

const TODAY = '2026-12-03';
const EMPTY: TransferRecordInput = { sccModule: null, dpfCertificateUrl: null, dpfCheckedOn: null, tiaDocument: null, tiaDate: null, tiaOutcome: null, note: null };
const codes = (a: Parameters<typeof operatorFindings>[0], r: TransferRecordInput | null) => operatorFindings(a, r, TODAY).map((f) => f.code);
const fields = (e: unknown) => ((e as AppError).data as { fields: { field: string; message: string }[] }).fields.map((f) => `${f.field}: ${f.message}`);

describe('operator findings', () => {
  const scc = assessTransfer({ from: 'FR', to: 'IN', date: TODAY, mechanism: 'scc-2021', dpfCertified: false });
  const bcr = assessTransfer({ from: 'FR', to: 'IN', date: TODAY, mechanism: 'bcr', dpfCertified: false });
  const dpf = assessTransfer({ from: 'FR', to: 'US', date: TODAY, mechanism: 'dpf', dpfCertified: true });

  it('asks for a transfer impact assessment on an SCC or BCR transfer, and flags one that found it not acceptable', () => {
    assert.deepEqual(codes(scc, null), ['tia_missing']);
    assert.deepEqual(codes(bcr, EMPTY), ['tia_missing']);
    assert.deepEqual(codes(scc, { ...EMPTY, tiaDocument: 'TIA India 2026', tiaDate: '2026-01-10', tiaOutcome: 'acceptable_with_measures' }), []);
    assert.deepEqual(codes(scc, { ...EMPTY, tiaDocument: 'TIA India 2026', tiaDate: '2026-01-10', tiaOutcome: 'not_acceptable' }), ['tia_not_acceptable']);
    assert.equal(operatorFindings(scc, null, TODAY)[0]?.message, 'No transfer impact assessment on file.');
  });

  // "Checked in the last 12 months": 3 December 2025 is exactly 12 months before 3 December 2026 and still counts.
  it('asks for a DPF certificate checked in the last 12 months', () => {
    assert.deepEqual(codes(dpf, null), ['dpf_certificate_missing']);
    const cert = { ...EMPTY, dpfCertificateUrl: 'https://www.dataprivacyframework.gov/list' };
    assert.deepEqual(codes(dpf, cert), ['dpf_certificate_stale']);
    assert.deepEqual(codes(dpf, { ...cert, dpfCheckedOn: '2025-12-03' }), []);
    assert.deepEqual(codes(dpf, { ...cert, dpfCheckedOn: '2025-12-02' }), ['dpf_certificate_stale']);
    assert.match(operatorFindings(dpf, { ...cert, dpfCheckedOn: '2025-12-02' }, TODAY)[0]!.message, /last checked on 2025-12-02, more than 12 months ago/);
    assert.equal(yearBefore('2028-02-29'), '2027-02-28');
  });

  it('asks UK and Swiss exporters on the 2021 clauses for their own instrument', () => {
    const uk = assessTransfer({ from: 'GB', to: 'IN', date: TODAY, mechanism: 'scc-2021', dpfCertified: false });
    const ch = assessTransfer({ from: 'CH', to: 'IN', date: TODAY, mechanism: 'scc-2021', dpfCertified: false });
    const tia = { ...EMPTY, tiaDocument: 'TRA', tiaDate: '2026-01-10' };
    assert.deepEqual(codes(uk, { ...tia, sccModule: 'module_3' }), ['uk_instrument_missing']);
    assert.deepEqual(codes(uk, { ...tia, sccModule: 'uk_addendum' }), []);
    assert.deepEqual(codes(ch, tia), ['swiss_adaptations_missing']);
    assert.deepEqual(codes(ch, { ...tia, sccModule: 'swiss_scc' }), []);
  });

  it('has nothing to say inside the EEA, on an adequacy decision by country or with no valid basis, and never leaks into the customer sentence', () => {
    for (const a of [assessTransfer({ from: 'FR', to: 'DE', date: TODAY, mechanism: null, dpfCertified: false }), assessTransfer({ from: 'FR', to: 'JP', date: TODAY, mechanism: null, dpfCertified: false }), assessTransfer({ from: 'FR', to: 'IN', date: TODAY, mechanism: null, dpfCertified: false })]) {
      assert.deepEqual(codes(a, null), []);
    }
    assert.equal(scc.customerFact, 'Standard contractual clauses (2021)');
  });
});

forEachDialect('transfer records', (ctx) => {
  it('creates, replaces and deletes a record for an engagement and one of its countries, each with its audit event', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const g = await buildEngagement(deps, scope, { countries: ['US', 'DE'], transferMechanisms: ['scc-2021'] });
    const created = await createTransferRecord(deps, scope, { engagementId: g.id, country: 'us', sccModule: 'module_3', note: 'Signed with the DPA' });
    assert.deepEqual([created.country, created.sccModule, created.tiaDocument, created.note], ['US', 'module_3', null, 'Signed with the DPA']);
    const updated = await updateTransferRecord(deps, scope, created.id, { sccModule: 'module_3', tiaDocument: 'https://docs.example/tia-us', tiaDate: '2026-11-30', tiaOutcome: 'acceptable' });
    assert.deepEqual([updated.tiaDocument, updated.tiaDate, updated.tiaOutcome, updated.note], ['https://docs.example/tia-us', '2026-11-30', 'acceptable', null]);
    assert.deepEqual((await listTransferRecords(deps.db, scope.workspaceId)).map((r) => r.id), [created.id]);
    await deleteTransferRecord(deps, scope, created.id);
    assert.deepEqual(await listTransferRecords(deps.db, scope.workspaceId), []);
    const audit = await deps.db.selectFrom('audit_events').select(['action', 'before_json', 'after_json']).where('workspace_id', '=', scope.workspaceId).where('subject_type', '=', 'transfer_record').orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['transfer_record.created', 'transfer_record.updated', 'transfer_record.deleted']);
    assert.equal(JSON.parse(audit[2]!.before_json as string).tiaDocument, 'https://docs.example/tia-us');
  });

  it('refuses naming each field: an unknown engagement, a country it does not use, bad values, a second record', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const g = await buildEngagement(deps, scope, { countries: ['US'] });
    const other = await buildWorkspace(deps);
    const foreign = await buildEngagement(deps, other.scope, { countries: ['US'] });
    const refused = async (raw: Record<string, unknown>) => {
      try {
        await createTransferRecord(deps, scope, raw);
      } catch (e) {
        return fields(e);
      }
      throw new Error('accepted');
    };
    assert.deepEqual(await refused({ engagementId: foreign.id, country: 'US' }), ['engagementId: is not an engagement of this workspace']);
    assert.deepEqual(await refused({ engagementId: g.id, country: 'IN' }), ["country: is not one of the engagement's countries (US)"]);
    assert.deepEqual(await refused({ country: 'XX', sccModule: 'module_9', dpfCertificateUrl: 'ftp://x', dpfCheckedOn: '2026-12-04', tiaOutcome: 'fine' }), [
      'engagementId: is required', 'country: must be an ISO 3166-1 alpha-2 country code',
      'sccModule: must be one of module_1, module_2, module_3, module_4, uk_idta, uk_addendum, swiss_scc',
      'dpfCertificateUrl: must be an http or https address', 'dpfCheckedOn: must not be in the future (today is 2026-12-03)',
      'tiaOutcome: must be one of acceptable, acceptable_with_measures, not_acceptable',
    ]);
    assert.deepEqual(await refused({ engagementId: g.id, country: 'US', dpfCheckedOn: '2026-12-01', tiaOutcome: 'acceptable' }), [
      'dpfCertificateUrl: is required when dpfCheckedOn is given', 'tiaDate: is required when tiaOutcome is given',
    ]);
    await createTransferRecord(deps, scope, { engagementId: g.id, country: 'US' });
    await assert.rejects(createTransferRecord(deps, scope, { engagementId: g.id, country: 'US' }), (e: unknown) => (e as AppError).status === 409 && (e as AppError).message === 'country: this engagement already has a transfer record for this country');
    await assert.rejects(updateTransferRecord(deps, other.scope, (await listTransferRecords(deps.db, scope.workspaceId))[0]!.id, {}), (e: unknown) => (e as AppError).status === 404);
  });

  it('lists every transfer outside the EEA with its record and operator findings, and drops records with their engagement', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const e = await buildEntity(deps, scope, { name: 'Cloudy Inc.', country: 'US' });
    const hosting = await buildEngagement(deps, scope, { entityId: e.id, purpose: 'Hosting', countries: ['DE', 'US'], transferMechanisms: ['scc-2021'] });
    const support = await buildEngagement(deps, scope, { entityId: e.id, purpose: 'Support', countries: ['US'], transferMechanisms: ['dpf'] });
    await createTransferRecord(deps, scope, { engagementId: support.id, country: 'US', dpfCertificateUrl: 'https://www.dataprivacyframework.gov/list', dpfCheckedOn: '2026-06-01' });
    const checks = await listTransferChecks(deps.db, scope.workspaceId, TODAY);
    assert.deepEqual(checks.map((c) => [c.finding.purpose, c.finding.country, c.finding.status, c.record !== null, c.operatorFindings.map((f) => f.code)]), [
      ['Hosting', 'US', 'safeguarded', false, ['tia_missing']],
      ['Support', 'US', 'adequate', true, []],
    ]);
    await deleteEngagement(deps, scope, support.id);
    assert.deepEqual(await listTransferRecords(deps.db, scope.workspaceId), [], 'the record goes with its engagement (on delete cascade)');
    assert.equal((await listTransferChecks(deps.db, scope.workspaceId, TODAY)).length, 1);
    assert.ok(hosting);
  });

  it("assesses the registry with the workspace's country as exporter: a UK organisation under UK rules", async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await deps.db.updateTable('workspaces').set({ country: 'GB' }).where('id', '=', scope.workspaceId).execute();
    await buildEngagement(deps, scope, { purpose: 'Hosting', countries: ['GB', 'FR', 'KR'] });
    const findings = await assessEngagements(deps.db, scope.workspaceId, '2022-12-19');
    assert.deepEqual(findings.map((f) => [f.country, f.status, f.regime, f.rules]), [
      ['GB', 'domestic', 'uk', ['uk-domestic']], ['FR', 'adequate', 'uk', ['uk-adequacy-eea']], ['KR', 'adequate', 'uk', ['uk-adequacy-kr']],
    ]);
    // Before 1 January 2021 the same organisation exported under EU rules.
    assert.deepEqual((await assessEngagements(deps.db, scope.workspaceId, '2020-06-01')).map((f) => [f.country, f.status, f.regime]), [
      ['GB', 'intra_eea', 'eu'], ['FR', 'intra_eea', 'eu'], ['KR', 'no_valid_basis', 'eu'],
    ]);
    const customer = await assessForCustomer(deps.db, scope.workspaceId, { services: [], regions: [], transfersAuthorised: false }, '2022-12-19');
    assert.deepEqual(customer.map((f) => f.warnings.some((w) => w.includes('does not authorise'))), [false, true, true], 'the domestic flow is no transfer');
  });
}, { clock: fixedClock(`${TODAY}T10:00:00Z`) });
