import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { assertAccessible, assertPagesAccessible, browserSkip, openBrowserRig, signedInContext } from '../../../test/browser.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildCustomer, buildMember, buildWorkspace } from '../../../test/factories.ts';
import { placeLegalHold } from '../../modules/requests/exemptions/legal-holds.ts';
import { adoptRetentionDefaults } from '../../modules/requests/exemptions/manage-retention-rules.ts';
import { shopYaml } from '../../modules/requests/fulfilment/shop-fixture.ts';
import { submitRequest } from '../../modules/requests/submit-request.ts';
import { addSystem } from '../../modules/requests/systems/manage-systems.ts';

describe('request pages of the console in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let rig: Awaited<ReturnType<typeof openBrowserRig>>;
  let context: BrowserContext;
  let base: string;
  let agentRequestId: string;
  before(async () => {
    db = await openTestDb('sqlite');
    const { workspace, scope } = await buildWorkspace(db.deps, { slug: 'acme-dsr' });
    await buildCustomer(db.deps, scope, { name: 'Shopify Clone SAS' });
    await addSystem(db.deps, scope, { name: 'Shop', dataset: shopYaml(), connection: 'env:SHOP_URL' });
    await adoptRetentionDefaults(db.deps, scope);
    await placeLegalHold(db.deps, scope, { email: 'held@example.org', reason: 'Litigation' });
    const operator = { channel: 'operator' as const, actor: scope.actor };
    await submitRequest(db.deps, workspace.id, { type: 'erasure', email: 'ana@example.org', identityChecked: true, identityNote: 'Called back' }, operator);
    const agent = await submitRequest(db.deps, workspace.id, { type: 'access', email: 'ben@example.org', requester: 'agent', agentName: 'Law firm', agentEmail: 'firm@example.org', authority: 'Mandate' }, { channel: 'web', actor: scope.actor });
    agentRequestId = agent.request.id;
    const owner = await buildMember(db.deps, workspace.id, 'owner');
    rig = await openBrowserRig(db.deps);
    base = `${rig.base}/admin/w/acme-dsr`;
    context = await signedInContext(rig, owner.session);
  });
  after(async () => {
    await context?.close();
    await rig?.close();
    await db?.close();
  });

  it('passes axe on the queue, a request with all its step forms, the set-up page and the entry form', async () => {
    const page = await context.newPage();
    await assertPagesAccessible(page, base, ['/requests', '/requests?state=all', `/requests/${agentRequestId}`, '/requests/setup', '/requests/new']);
    await page.close();
  });

  it('records a phone request without JavaScript, showing a missing field accessibly first', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/requests/new`);
    await page.getByLabel('E-mail address of the person (required)').fill('cy@example.org');
    await page.getByRole('button', { name: 'Record the request' }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByLabel('What the person asks for (required)').getAttribute('aria-invalid'), 'true');
    await assertAccessible(page);
    await page.getByLabel('What the person asks for (required)').selectOption('rectification');
    await page.getByRole('button', { name: 'Record the request' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('h1').innerText(), /^Request R-/);
    await assertAccessible(page);
    await page.close();
  });
});
