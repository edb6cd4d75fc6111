import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertAccessible, browserSkip, openBrowserRig } from '../../../test/browser.ts';
import { movableClock, PROPOSED } from '../../../test/change-fixtures.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildCustomer, buildEngagement, buildEntity, buildService, buildWorkspace } from '../../../test/factories.ts';
import { announceChange } from '../../modules/changes/announce-change.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';
import { createChange } from '../../modules/changes/manage-changes.ts';
import { createDpaDraft, publishDpaVersion } from '../../modules/dpa/manage-dpa-versions.ts';
import { makeDpaPublishable } from '../../modules/dpa/dpa.test-helpers.ts';
import { acceptDpa, renderDpaForCustomer } from '../../modules/dpa/dpa-for-customer.ts';
import { inviteContacts } from '../../modules/portal/invite-contact.ts';
import { sendForwarding } from '../../modules/requests/forwarding/send-forwarding.ts';
import { submitRequest } from '../../modules/requests/submit-request.ts';
import { PORTAL_PAGES } from './portal.routes.ts';
import { latestLinkPath } from './portal.test-helpers.ts';

describe('customer portal in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let rig: Awaited<ReturnType<typeof openBrowserRig>>;
  let changeId: string;
  let acceptanceId: string;
  let slug: string;
  let requestId: string;
  before(async () => {
    db = await openTestDb('sqlite', movableClock());
    const { workspace, scope } = await buildWorkspace(db.deps, { name: 'Acme Cloud' });
    slug = workspace.slug;
    const svc = await buildService(db.deps, scope, { slug: 'connect', name: 'Connect' });
    const entity = await buildEntity(db.deps, scope, { name: 'Mailer GmbH', country: 'DE' });
    const engagement = await buildEngagement(db.deps, scope, { entityId: entity.id, purpose: 'E-mail delivery', services: [svc.slug], countries: ['DE', 'US'], transferMechanisms: ['scc-2021'] });
    await publishListVersion(db.deps, scope, {});
    const customer = await buildCustomer(db.deps, scope, { name: 'Globex SA', services: [svc.slug], contacts: [{ email: 'dpo@globex.test', name: 'Grace Globex' }] });
    const change = await createChange(db.deps, scope, {
      title: 'New e-mail region', reason: 'Closer to our users.', proposedDate: PROPOSED,
      operations: [{ op: 'modify', engagementId: engagement.id, engagement: { entityId: entity.id, purpose: 'E-mail delivery', services: [svc.slug], countries: ['DE'] } }],
    });
    await announceChange(db.deps, scope, change.id);
    changeId = change.id;
    // Version 1 accepted, version 2 waiting: the DPA page shows its form and a ledger entry.
    await makeDpaPublishable(db.deps, scope);
    await publishDpaVersion(db.deps, scope, (await createDpaDraft(db.deps, scope, {})).id);
    const v1 = await renderDpaForCustomer(db.deps, scope.workspaceId, customer.id);
    acceptanceId = (await acceptDpa(db.deps, { workspaceId: scope.workspaceId, customerId: customer.id, versionId: v1.versionId, documentSha256: v1.sha256, signer: { name: 'Grace Globex', title: 'DPO', email: 'dpo@globex.test' }, method: 'link', contactId: null })).id;
    await publishDpaVersion(db.deps, scope, (await createDpaDraft(db.deps, scope, {})).id);
    // A request of Globex's end user passed on to it: the requests pages have one to show.
    requestId = (await submitRequest(db.deps, scope.workspaceId, { type: 'access', email: 'user@globex-user.test', customer: customer.id, identityChecked: 'true', identityNote: 'checked' }, { channel: 'operator', actor: scope.actor })).request.id;
    await sendForwarding(db.deps, (await db.deps.db.selectFrom('dsr_forwardings').select('id').where('request_id', '=', requestId).executeTakeFirstOrThrow()).id);
    await inviteContacts(db.deps, scope, customer.id, {});
    rig = await openBrowserRig(db.deps);
  });
  after(async () => {
    await rig?.close();
    await db?.close();
  });

  it('follows the invitation, passes axe on every portal page, and objects to a change', async () => {
    // axe needs JavaScript, and its script is not in the page's CSP.
    const context = await rig.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${rig.base}${await latestLinkPath(db.deps.db, 'dpo@globex.test')}`);
    await assertAccessible(page);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${rig.base}/portal/w/${slug}`);
    assert.equal(await page.locator('h1').innerText(), 'Globex SA');
    // The SVG and PDF are downloads, not pages: the isolation test reads them.
    for (const path of PORTAL_PAGES.filter((p) => !/\.(svg|pdf)$/.test(p))) {
      const res = await page.goto(`${rig.base}/portal/w/${slug}${path.replace(':changeId', changeId).replace(':acceptanceId', acceptanceId).replace(':requestId', requestId)}`);
      assert.equal(res?.status(), 200, path);
      assert.equal(await page.locator('h1').count(), 1, `one h1 on ${path}`);
      await assertAccessible(page);
    }
    await page.goto(`${rig.base}/portal/w/${slug}/changes/${changeId}`);
    assert.equal(await page.getByLabel('Your name (required)').inputValue(), 'Grace Globex');
    await page.getByRole('button', { name: 'Send the objection' }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByLabel('Reasons for the objection (required)').getAttribute('required'), '', 'the browser asks for the reason first');
    await page.getByLabel('Reasons for the objection (required)').fill('We need the data to stay in Germany.');
    await page.getByRole('button', { name: 'Send the objection' }).click();
    await page.waitForURL(/sent=objection/);
    assert.match(await page.getByRole('status').innerText(), /Your objection was recorded/);
    await assertAccessible(page);
    await page.getByRole('link', { name: 'Changes', exact: true }).click();
    await page.waitForURL(`${rig.base}/portal/w/${slug}/changes`);
    assert.match(await page.locator('main').innerText(), /We need the data to stay in Germany\./);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${rig.base}/portal/w/${slug}/signin`);
    await assertAccessible(page);
    await page.getByLabel('Your e-mail address (required)').fill('dpo@globex.test');
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await page.waitForURL(/sent=1/);
    assert.match(await page.getByRole('status').first().innerText(), /a sign-in link is on its way/);
    await assertAccessible(page);
    await context.close();
  });
});
