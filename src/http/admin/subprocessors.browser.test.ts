import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { assertAccessible, browserSkip, openBrowserRig, signedInContext } from '../../../test/browser.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildEntity, buildMember, buildWorkspace } from '../../../test/factories.ts';
import { listEngagements, listEntities } from '../../modules/registry/registry.queries.ts';
import { SESSION_COOKIE } from '../middleware/auth.ts';

describe('Add a sub-processor in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let rig: Awaited<ReturnType<typeof openBrowserRig>>;
  let withJs: BrowserContext;
  let withoutJs: BrowserContext;
  let workspaceId: string;
  let url: string;
  before(async () => {
    db = await openTestDb('sqlite');
    const { workspace, scope } = await buildWorkspace(db.deps);
    workspaceId = workspace.id;
    await buildEntity(db.deps, scope, { name: 'Hosting SA' });
    const editor = await buildMember(db.deps, workspace.id, 'editor');
    rig = await openBrowserRig(db.deps);
    url = `${rig.base}/admin/w/${workspace.slug}/subprocessors/new`;
    withJs = await signedInContext(rig, editor.session);
    withoutJs = await rig.browser.newContext({ javaScriptEnabled: false });
    await withoutJs.addCookies([{ name: SESSION_COOKIE, value: editor.session, url: rig.base }]);
  });
  after(async () => {
    await withJs?.close();
    await withoutJs?.close();
    await rig?.close();
    await db?.close();
  });

  it('filters the data categories by a typed word, keeps the fideslang key as the value and passes axe', async () => {
    const page = await withJs.newPage();
    await page.goto(url);
    await assertAccessible(page);
    await page.getByLabel('A new entity').check();
    await page.getByLabel('Name', { exact: true }).fill('Mailer GmbH');
    await page.getByLabel('Purpose (required)').fill('Email delivery');
    await page.getByLabel('Find a data category').fill('email');
    assert.match(await page.locator('#dataCategories-search-status').innerText(), /categor(y matches|ies match)\./);
    const email = page.locator('#f-dataCategories input[value="user.contact.email"]');
    assert.ok(await email.isVisible(), 'the matching category is shown, its group opened');
    assert.equal(await page.locator('#f-dataCategories input[value="user.health"]').isVisible(), false);
    await email.check();
    await assertAccessible(page);
    await page.getByLabel('Find a data category').fill('');
    assert.ok(await page.locator('summary', { hasText: 'user.health' }).first().isVisible(), 'clearing the search shows every group again');
    await page.getByRole('button', { name: 'Add sub-processor' }).click();
    await page.waitForURL(/\/engagements\?created=1$/);
    const [engagement] = (await listEngagements(db.deps.db, workspaceId)).filter((g) => g.entityName === 'Mailer GmbH');
    assert.deepEqual(engagement.dataCategories, ['user.contact.email']);
    await page.close();
  });

  it('adds an engagement to an existing entity without JavaScript, showing a bad country first', async () => {
    const page = await withoutJs.newPage();
    await page.goto(url);
    assert.equal(await page.locator('#f-dataCategories-search').count(), 0, 'no search box without JavaScript');
    await page.getByLabel('An entity already in the registry').check();
    await page.getByLabel('Entity already in the registry', { exact: true }).selectOption({ label: 'Hosting SA' });
    await page.getByLabel('Purpose (required)').fill('Hosting');
    await page.getByLabel('Countries').fill('XX');
    await page.getByRole('button', { name: 'Add sub-processor' }).click();
    assert.match(await page.locator('.error-summary').innerText(), /countries: entry 1 \("XX"\) must be an ISO 3166-1/);
    assert.equal(await page.getByLabel('Purpose (required)').inputValue(), 'Hosting');
    assert.equal(await page.getByLabel('An entity already in the registry').isChecked(), true);
    await page.getByLabel('Countries').fill('FR');
    await page.getByRole('button', { name: 'Add sub-processor' }).click();
    await page.waitForURL(/\/engagements\?created=1$/);
    assert.deepEqual((await listEntities(db.deps.db, workspaceId)).map((e) => e.name).sort(), ['Hosting SA', 'Mailer GmbH']);
    await page.close();
  });
});
