import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildEntity } from '../../../test/factories.ts';
import { createTransferRecord } from '../../modules/transfers/manage-transfer-records.ts';
import { listTransferRecords } from '../../modules/transfers/transfer-records.queries.ts';
import { fixedClock } from '../../shared/clock.ts';
import { auditActions, call, workspaceWithToken } from './api.test-helpers.ts';

const TODAY = '2026-12-03';

forEachDialect('transfer records API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  const setup = async (role: 'editor' | 'viewer' = 'editor') => {
    const w = await workspaceWithToken(ctx.db.deps, role);
    const entity = await buildEntity(ctx.db.deps, w.scope, { name: 'Cloudy Inc.', country: 'US' });
    const engagement = await buildEngagement(ctx.db.deps, w.scope, { entityId: entity.id, purpose: 'Hosting', countries: ['DE', 'US'], transferMechanisms: ['scc-2021'] });
    return { ...w, engagement };
  };

  it('answers 401 without credentials', async () => {
    const { slug } = await workspaceWithToken(ctx.db.deps);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/transfer-records`)).status, 401);
    assert.equal((await call(app, 'POST', `/api/w/${slug}/transfer-records`, {}, { country: 'US' })).status, 401);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/transfers`)).status, 401);
  });

  it('creates, reads, replaces and deletes a record with an editor token, writing audit events', async () => {
    const { slug, headers, workspace, engagement } = await setup();
    const created = await call(app, 'POST', `/api/w/${slug}/transfer-records`, headers, { engagementId: engagement.id, country: 'US', sccModule: 'module_3', tiaDocument: 'https://docs.example/tia-us', tiaDate: '2026-11-30', tiaOutcome: 'acceptable_with_measures' });
    assert.equal(created.status, 201);
    const r = created.body.data;
    assert.deepEqual([r.engagementId, r.country, r.sccModule, r.tiaOutcome, r.dpfCertificateUrl, r.note], [engagement.id, 'US', 'module_3', 'acceptable_with_measures', null, null]);
    assert.deepEqual((await call(app, 'GET', `/api/w/${slug}/transfer-records/${r.id}`, headers)).body.data, r);
    assert.deepEqual((await call(app, 'GET', `/api/w/${slug}/transfer-records?engagementId=${engagement.id}`, headers)).body.data.map((x: { id: string }) => x.id), [r.id]);
    const replaced = await call(app, 'PUT', `/api/w/${slug}/transfer-records/${r.id}`, headers, { sccModule: 'module_2', note: 'Renewed' });
    assert.deepEqual([replaced.status, replaced.body.data.sccModule, replaced.body.data.tiaDocument, replaced.body.data.note, replaced.body.data.country], [200, 'module_2', null, 'Renewed', 'US']);
    assert.equal((await call(app, 'DELETE', `/api/w/${slug}/transfer-records/${r.id}`, headers)).status, 204);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/transfer-records/${r.id}`, headers)).status, 404);
    assert.deepEqual((await auditActions(ctx.db.deps, workspace.id)).filter((a) => a.startsWith('transfer_record.')), ['transfer_record.created', 'transfer_record.updated', 'transfer_record.deleted']);
  });

  const invalidCases: Array<[string, Record<string, unknown>, string]> = [
    ['a missing engagement', { country: 'US' }, 'engagementId: is required'],
    ['a country that is no code', { country: 'XX' }, 'country: must be an ISO 3166-1 alpha-2 country code'],
    ['a country the engagement does not use', { country: 'IN' }, "country: is not one of the engagement's countries (DE, US)"],
    ['an unknown SCC module', { country: 'US', sccModule: 'module_5' }, 'sccModule: must be one of module_1, module_2, module_3, module_4, uk_idta, uk_addendum, swiss_scc'],
    ['a certificate address that is not http', { country: 'US', dpfCertificateUrl: 'javascript:alert(1)' }, 'dpfCertificateUrl: must be an http or https address'],
    ['a check date in the future', { country: 'US', dpfCertificateUrl: 'https://www.dataprivacyframework.gov/list', dpfCheckedOn: '2026-12-04' }, 'dpfCheckedOn: must not be in the future (today is 2026-12-03)'],
    ['a TIA date that is no date', { country: 'US', tiaDate: '2026-02-30' }, 'tiaDate: must be a date written YYYY-MM-DD'],
    ['an unknown TIA outcome', { country: 'US', tiaDate: '2026-11-01', tiaOutcome: 'fine' }, 'tiaOutcome: must be one of acceptable, acceptable_with_measures, not_acceptable'],
    ['a TIA outcome without its date', { country: 'US', tiaOutcome: 'acceptable' }, 'tiaDate: is required when tiaOutcome is given'],
    ['a note of the wrong JSON type', { country: 'US', note: 5 }, 'note: must be string,null'],
  ];
  for (const [what, body, message] of invalidCases) {
    it(`answers 400 naming the field for ${what}, and stores nothing`, async () => {
      const { slug, headers, workspace, engagement } = await setup();
      const res = await call(app, 'POST', `/api/w/${slug}/transfer-records`, headers, { engagementId: what === 'a missing engagement' ? undefined : engagement.id, ...body });
      assert.deepEqual([res.status, res.body.error, res.body.message], [400, 'validation_error', message]);
      assert.equal((await listTransferRecords(ctx.db.deps.db, workspace.id)).length, 0);
    });
  }

  it('answers 409 to a second record for the same engagement and country', async () => {
    const { slug, headers, engagement } = await setup();
    assert.equal((await call(app, 'POST', `/api/w/${slug}/transfer-records`, headers, { engagementId: engagement.id, country: 'US' })).status, 201);
    const again = await call(app, 'POST', `/api/w/${slug}/transfer-records`, headers, { engagementId: engagement.id, country: 'US' });
    assert.deepEqual([again.status, again.body.error, again.body.message], [409, 'transfer_record_exists', 'country: this engagement already has a transfer record for this country']);
  });

  it('lets a viewer token read but answers 403 to every change', async () => {
    const { slug, headers, scope, engagement } = await setup('viewer');
    const record = await createTransferRecord(ctx.db.deps, scope, { engagementId: engagement.id, country: 'US' });
    assert.equal((await call(app, 'GET', `/api/w/${slug}/transfer-records`, headers)).status, 200);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/transfer-records/${record.id}`, headers)).status, 200);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/transfers`, headers)).status, 200);
    const writes = [
      await call(app, 'POST', `/api/w/${slug}/transfer-records`, headers, { engagementId: engagement.id, country: 'DE' }),
      await call(app, 'PUT', `/api/w/${slug}/transfer-records/${record.id}`, headers, {}),
      await call(app, 'DELETE', `/api/w/${slug}/transfer-records/${record.id}`, headers),
    ];
    assert.deepEqual(writes.map((r) => [r.status, r.body.error]), writes.map(() => [403, 'forbidden']));
  });

  it("lists the workspace's transfers outside the EEA with the customer sentence, the record and the operator findings", async () => {
    const { slug, headers, scope, engagement } = await setup('viewer');
    const res = await call(app, 'GET', `/api/w/${slug}/transfers`, headers);
    assert.equal(res.status, 200);
    assert.equal(res.body.data.length, 1, 'Germany is inside the EEA: not listed');
    const [check] = res.body.data;
    assert.deepEqual([check.engagementId, check.entityName, check.country, check.assessment.status, check.assessment.customerFact, check.record], [engagement.id, 'Cloudy Inc.', 'US', 'safeguarded', 'Standard contractual clauses (2021)', null]);
    assert.deepEqual(check.operatorFindings, [{ code: 'tia_missing', message: 'No transfer impact assessment on file.' }]);
    await createTransferRecord(ctx.db.deps, scope, { engagementId: engagement.id, country: 'US', tiaDocument: 'TIA US 2026', tiaDate: '2026-11-01', tiaOutcome: 'acceptable' });
    const after = (await call(app, 'GET', `/api/w/${slug}/transfers`, headers)).body.data[0];
    assert.deepEqual([after.record.tiaDocument, after.operatorFindings], ['TIA US 2026', []]);
  });

  it('documents every transfers route in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json();
    const paths = Object.keys(doc.paths).filter((p) => p.includes('/transfer'));
    assert.deepEqual(paths.sort(), ['/api/w/{slug}/transfer-records', '/api/w/{slug}/transfer-records/{id}', '/api/w/{slug}/transfers', '/api/w/{slug}/transfers/assess']);
    assert.equal(doc.paths['/api/w/{slug}/transfer-records'].post['x-min-role'], 'editor');
    assert.equal(doc.paths['/api/w/{slug}/transfers'].get['x-min-role'], 'viewer');
  });
}, { clock: fixedClock(`${TODAY}T10:00:00Z`) });
