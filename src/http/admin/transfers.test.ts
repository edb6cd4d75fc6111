import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildEntity } from '../../../test/factories.ts';
import { listTransferRecords } from '../../modules/transfers/transfer-records.queries.ts';
import { fixedClock } from '../../shared/clock.ts';
import type { Deps, Scope } from '../../shared/deps.ts';
import { consoleFixture, get, post, tagWithId } from './console.test-helpers.ts';

const TODAY = '2026-12-03';

forEachDialect('console: transfers', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  const registry = async (deps: Deps, scope: Scope) => {
    const e = await buildEntity(deps, scope, { name: 'Cloudy Inc.', country: 'US' });
    return buildEngagement(deps, scope, { entityId: e.id, purpose: 'Hosting', countries: ['DE', 'US'], transferMechanisms: ['scc-2021'] });
  };

  it('lists each transfer outside the EEA with the customer sentence and the missing TIA, and shows the finding on the overview', async () => {
    const { deps } = ctx.db;
    const { scope, agent, base } = await consoleFixture(deps, 'viewer');
    const g = await registry(deps, scope);
    const page = await get(app, agent, `${base}/transfers`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<a href="\/admin\/w\/[^/]+\/transfers" aria-current="page">Transfers<\/a>/);
    assert.match(page.body, /assessed on 2026-12-03 under EU\/EEA rules: your organisation's country is not set/);
    assert.match(page.body, /<p role="status">1 transfer, 1 with findings\.<\/p>/);
    assert.match(page.body, new RegExp(`<th scope="row"><a href="${base}/engagements/${g.id}/edit">Cloudy Inc\\.</a></th><td>Hosting</td><td>United States of America</td>\\s*<td>Appropriate safeguards \\(Art 46\\)</td><td>Standard contractual clauses \\(2021\\)</td>`));
    assert.match(page.body, /<td><span class="muted">Nothing on file<\/span><\/td><td><ul class="plain"><li><strong>No transfer impact assessment on file\.<\/strong><\/li><\/ul><\/td><\/tr>/);
    assert.doesNotMatch(page.body, /Add record/, 'a viewer has no form link');
    assert.doesNotMatch(page.body, /Germany/, 'inside the EEA: not listed');
    assert.equal((await get(app, agent, `${base}/transfers/${g.id}/US`)).statusCode, 403);
    const overview = await get(app, agent, base);
    assert.match(overview.body, /1 transfer lacks something on file/);
    assert.match(overview.body, /<caption>Transfer records with findings<\/caption>[\s\S]*No transfer impact assessment on file\./);
  });

  it('lets an editor add a record through the form, then edit and delete it, with errors next to the fields on 400', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    const g = await registry(deps, scope);
    const form = await get(app, agent, `${base}/transfers/${g.id}/US`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /<h1>Transfer record: Cloudy Inc\. to United States of America<\/h1>/);
    assert.match(form.body, /<dt>For customers<\/dt><dd>Standard contractual clauses \(2021\)<\/dd>/);

    const bad = await post(app, agent, `${base}/transfers/${g.id}/US`, { tiaDocument: 'TIA US', tiaDate: '2026-12-04', tiaOutcome: 'acceptable' });
    assert.equal(bad.statusCode, 400);
    assert.match(tagWithId(bad.body, 'f-tiaDate'), /aria-invalid="true"/);
    assert.match(bad.body, /<p class="error" id="tiaDate-error">Date: must not be in the future \(today is 2026-12-03\)<\/p>/);
    assert.equal((await listTransferRecords(deps.db, workspace.id)).length, 0);

    const saved = await post(app, agent, `${base}/transfers/${g.id}/US`, { sccModule: 'module_3', tiaDocument: 'TIA US', tiaDate: '2026-11-30', tiaOutcome: 'acceptable' });
    assert.deepEqual([saved.statusCode, saved.headers.location], [303, `${base}/transfers?saved=1`]);
    const list = await get(app, agent, `${base}/transfers?saved=1`);
    assert.match(list.body, /<p class="notice" role="status">Transfer record saved\.<\/p>/);
    assert.match(list.body, /<td>SCC 2021 module 3 \(processor to processor\); TIA 2026-11-30 \(acceptable\)<\/td><td>None<\/td>/);
    assert.match(list.body, /<p role="status">1 transfer, 0 with findings\.<\/p>/);

    await post(app, agent, `${base}/transfers/${g.id}/US`, { sccModule: 'module_2', note: 'Renewed' });
    const [record] = await listTransferRecords(deps.db, workspace.id);
    assert.deepEqual([record?.sccModule, record?.tiaDocument, record?.note], ['module_2', null, 'Renewed']);
    const deleted = await post(app, agent, `${base}/transfers/${g.id}/US/delete`, {});
    assert.deepEqual([deleted.statusCode, deleted.headers.location], [303, `${base}/transfers?deleted=1`]);
    assert.equal((await listTransferRecords(deps.db, workspace.id)).length, 0);
    const audit = await deps.db.selectFrom('audit_events').select(['action', 'actor_label']).where('workspace_id', '=', workspace.id).where('subject_type', '=', 'transfer_record').orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => [a.action, a.actor_label]), [['transfer_record.created', agent.email], ['transfer_record.updated', agent.email], ['transfer_record.deleted', agent.email]]);
    assert.equal((await get(app, agent, `${base}/transfers/${g.id}/DE`)).statusCode, 404, 'Germany is no transfer');
  });

  it('assesses a Swiss organisation under Swiss rules: its own country is no transfer, the US needs the Swiss-US DPF', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'viewer');
    await deps.db.updateTable('workspaces').set({ country: 'CH' }).where('id', '=', workspace.id).execute();
    await buildEngagement(deps, scope, { purpose: 'Support', countries: ['CH', 'US'], transferMechanisms: ['dpf'] });
    const page = await get(app, agent, `${base}/transfers`);
    assert.match(page.body, /assessed on 2026-12-03 under Swiss rules: your organisation is in Switzerland\./);
    assert.match(page.body, /<td>Adequacy decision<\/td><td>Swiss list of adequate countries \(Swiss-US Data Privacy Framework\)<\/td>/);
    assert.match(page.body, /No Data Privacy Framework certificate on file\./);
    assert.doesNotMatch(page.body, /<td>Switzerland<\/td>/);
  });
}, { clock: fixedClock(`${TODAY}T10:00:00Z`) });
