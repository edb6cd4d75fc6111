import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { listEngagements, listEntities, listServices } from '../registry/registry.queries.ts';
import { exportRegistry } from '../registry/export-registry.ts';
import { applyImportDraft, compareDraft, discardImportDraft, findImportDraft, importIntoWorkspace } from './apply-import.ts';
import { importList } from './import-list.ts';

const cloudblue = () => importList(readFileSync(new URL('./fixtures/seeds/003-cloudblue.txt', import.meta.url), 'utf8'));

forEachDialect('importing into a workspace', (ctx) => {
  it('fills an empty registry at once: one entity per company, one engagement per row, services created', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const outcome = await importIntoWorkspace(deps, scope, cloudblue(), '003-cloudblue.txt');
    assert.deepEqual(outcome, { mode: 'applied', entities: 12, engagements: 16, services: 2 });
    const engagements = await listEngagements(deps.db, scope.workspaceId);
    const ingram = engagements.filter((g) => g.entityName === 'Ingram Micro Inc.');
    assert.deepEqual(ingram.map((g) => [g.services, g.countries]), [[['commerce'], ['US', 'CA']], [['commerce'], ['MX']], [['connect'], ['US', 'CA']]]);
    assert.deepEqual((await listServices(deps.db, scope.workspaceId)).map((s) => s.name), ['Commerce', 'Connect']);
    assert.equal(engagements.find((g) => g.entityName === 'Keenondots B.V.')?.kind, 'affiliate');
    const events = await deps.db.selectFrom('audit_events').select('action').where('workspace_id', '=', scope.workspaceId).execute();
    assert.equal(events.filter((e) => e.action === 'engagement.created').length, 16);
    assert.equal(events.filter((e) => e.action === 'import.applied').length, 1);
  });

  it('keeps an import into a registry with content as a draft, then adds only the new rows when applied', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await importIntoWorkspace(deps, scope, cloudblue(), 'first');
    const second = importList('| Sub-processor | Purpose | Country |\n|---|---|---|\n| Atlassian Corporation PLC | Level 3 Technical Support & Platform Engineering | Netherlands |\n| Stripe | Payments | Ireland |\n');
    const outcome = await importIntoWorkspace(deps, scope, second, 'second.md');
    assert.equal(outcome.mode, 'draft');
    assert.equal((await listEngagements(deps.db, scope.workspaceId)).length, 16, 'a draft changes nothing yet');
    const id = outcome.mode === 'draft' ? outcome.draft.id : '';
    assert.deepEqual(await applyImportDraft(deps, scope, id), { entities: 1, engagements: 1, services: 0 });
    assert.equal((await listEngagements(deps.db, scope.workspaceId)).length, 17);
    assert.equal((await findImportDraft(deps.db, scope.workspaceId, id))?.status, 'applied');
    await assert.rejects(applyImportDraft(deps, scope, id), { code: 'import_decided', status: 409 });
  });

  it('matches rows to entities already in the registry by legal name, normalised name or website instead of creating them again', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const stripe = await buildEntity(deps, scope, { name: 'Stripe' });
    await buildEngagement(deps, scope, { entityId: stripe.id, purpose: 'Payments', countries: ['IE'] });
    const aws = await buildEntity(deps, scope, { name: 'AWS', legalName: 'Amazon Web Services, Inc.' });
    await buildEngagement(deps, scope, { entityId: aws.id, purpose: 'Hosting', countries: ['DE'] });
    await buildEntity(deps, scope, { name: 'Mailgun', website: 'https://www.mailgun.com' });
    const list = importList([
      '| Sub-processor | Purpose | Country | Website |', '|---|---|---|---|',
      '| Stripe, Inc. | Payments | Ireland | https://stripe.com |',
      '| Amazon Web Services, Inc. | Hosting | Germany, Ireland | https://aws.amazon.com |',
      '| Mailgun Technologies | E-mail delivery | United States | https://mailgun.com/ |',
      '| Brevo SAS | Newsletters | France | https://brevo.com |',
      '| BREVO | Transactional e-mail | France | https://brevo.com |',
    ].join('\n'));
    const outcome = await importIntoWorkspace(deps, scope, list, 'vendors.md');
    assert.equal(outcome.mode, 'draft');
    const draft = outcome.mode === 'draft' ? outcome.draft : (undefined as never);
    const compared = await compareDraft(deps.db, scope.workspaceId, draft);
    assert.deepEqual(compared.map((c) => [c.row.name, c.status, c.changes]), [
      ['Stripe, Inc.', 'exists', []],
      ['Amazon Web Services, Inc.', 'changed', ['countries']],
      ['Mailgun Technologies', 'new', []],
      ['Brevo SAS', 'new', []],
      ['BREVO', 'new', []],
    ]);
    assert.equal(compared[2].entityId, (await listEntities(deps.db, scope.workspaceId)).find((e) => e.name === 'Mailgun')?.id, 'a new engagement of a known entity');
    assert.deepEqual(await applyImportDraft(deps, scope, draft.id), { entities: 1, engagements: 3, services: 0 });
    assert.deepEqual((await listEntities(deps.db, scope.workspaceId)).map((e) => e.name).sort(), ['AWS', 'Brevo SAS', 'Mailgun', 'Stripe']);
    const engagements = await listEngagements(deps.db, scope.workspaceId);
    assert.deepEqual(engagements.filter((g) => g.entityName === 'Mailgun').map((g) => g.purpose), ['E-mail delivery']);
    assert.deepEqual(engagements.filter((g) => g.entityName === 'AWS').map((g) => g.countries), [['DE']], 'a changed row is left for a change proposal');
  });

  it('discards a draft without touching the registry', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await buildEngagement(deps, scope);
    const outcome = await importIntoWorkspace(deps, scope, cloudblue(), 'x');
    assert.equal(outcome.mode, 'draft');
    const id = outcome.mode === 'draft' ? outcome.draft.id : '';
    await discardImportDraft(deps, scope, id);
    assert.equal((await listEngagements(deps.db, scope.workspaceId)).length, 1);
    await assert.rejects(discardImportDraft(deps, scope, id), { code: 'import_decided' });
  });

  it("round-trips Trustroom's own export, as JSON and as YAML", async () => {
    const { deps } = ctx.db;
    const source = await buildWorkspace(deps);
    await importIntoWorkspace(deps, source.scope, cloudblue(), 'seed');
    const exported = await exportRegistry(deps.db, source.workspace);
    for (const [format, text] of [['json', JSON.stringify(exported)], ['yaml', (await import('yaml')).stringify(exported)]] as const) {
      const target = await buildWorkspace(deps);
      await importIntoWorkspace(deps, target.scope, importList(text, { format }), `export.${format}`);
      const strip = (gs: Awaited<ReturnType<typeof listEngagements>>) => gs.map((g) => [g.entityName, g.purpose, g.countries, g.services, g.kind]);
      assert.deepEqual(strip(await listEngagements(deps.db, target.scope.workspaceId)), strip(await listEngagements(deps.db, source.scope.workspaceId)), format);
      assert.equal((await listEntities(deps.db, target.scope.workspaceId)).length, 12);
    }
  });
});
