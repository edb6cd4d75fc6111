import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { assertAccessible, assertPagesAccessible, browserSkip, openBrowserRig, signedInContext } from '../../../test/browser.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildCustomer, buildEngagement, buildEntity, buildMember, buildWorkspace } from '../../../test/factories.ts';
import { setIncidentScope } from '../../modules/incidents/incident-decisions.ts';
import { recordIncident } from '../../modules/incidents/manage-incidents.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';

describe('incident pages in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let rig: Awaited<ReturnType<typeof openBrowserRig>>;
  let context: BrowserContext;
  let base: string;
  let incidentId: string;
  before(async () => {
    db = await openTestDb('sqlite');
    const { workspace, scope } = await buildWorkspace(db.deps, { slug: 'acme-incidents' });
    const entity = await buildEntity(db.deps, scope, { name: 'Storage Co' });
    await buildEngagement(db.deps, scope, { entityId: entity.id });
    await buildCustomer(db.deps, scope, { name: 'Shop SAS' });
    await publishListVersion(db.deps, scope, {});
    const aware = new Date(Date.now() + 60_000).toISOString();
    const incident = await recordIncident(db.deps, scope, { title: 'Storage breach', description: 'A storage array was accessed.', startedAt: aware, awareAt: aware, controllerData: true });
    await setIncidentScope(db.deps, scope, incident.id, { entities: [entity.id] });
    incidentId = incident.id;
    const owner = await buildMember(db.deps, workspace.id, 'owner');
    rig = await openBrowserRig(db.deps);
    base = `${rig.base}/admin/w/acme-incidents`;
    context = await signedInContext(rig, owner.session);
  });
  after(async () => {
    await context?.close();
    await rig?.close();
    await db?.close();
  });

  it('passes axe on the register, an incident page and the forms', async () => {
    const page = await context.newPage();
    await assertPagesAccessible(page, base, ['/incidents', `/incidents/${incidentId}`, '/incidents/new', `/incidents/${incidentId}/edit`]);
    await page.close();
  });

  it('shows a form error accessibly and sends a customer notice without JavaScript', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/incidents/new`);
    await page.getByLabel('Title').fill('Laptop lost');
    await page.getByLabel('What happened').fill('An unencrypted laptop was lost.');
    await page.getByLabel('Started at').fill('yesterday');
    await page.getByLabel('Became aware at').fill('2026-01-01T10:00Z');
    await page.getByRole('button', { name: 'Record incident' }).click();
    assert.match(await page.locator('.error-summary').innerText(), /Started at/);
    await assertAccessible(page);

    await page.goto(`${base}/incidents/${incidentId}`);
    await page.getByRole('button', { name: 'Send the notice to Customer Shop SAS' }).click();
    assert.match(await page.locator('p.notice').innerText(), /Notice sent and recorded/);
    assert.equal(await page.getByRole('button', { name: 'Send an update to Customer Shop SAS' }).count(), 1);
    await assertAccessible(page);
    await page.close();
  });
});
