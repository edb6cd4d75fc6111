import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertAccessible, browserSkip, openBrowserRig } from '../../../test/browser.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { inviteContacts } from '../../modules/portal/invite-contact.ts';
import { type ForwardingFixture, forwardedRequest, forwardingFixture } from '../../modules/requests/forwarding/forwarding.test-helpers.ts';
import { sendForwarding } from '../../modules/requests/forwarding/send-forwarding.ts';
import { latestLinkPath } from './portal.test-helpers.ts';

describe('customer portal request page in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let rig: Awaited<ReturnType<typeof openBrowserRig>>;
  let f: ForwardingFixture;
  let requestId: string;
  before(async () => {
    db = await openTestDb('sqlite');
    f = await forwardingFixture(db.deps, { zone: 'Europe/Paris' });
    requestId = (await forwardedRequest(db.deps, f)).id;
    await sendForwarding(db.deps, (await db.deps.db.selectFrom('dsr_forwardings').select('id').where('request_id', '=', requestId).executeTakeFirstOrThrow()).id);
    await inviteContacts(db.deps, f.scope, f.customerId, {});
    rig = await openBrowserRig(db.deps);
  });
  after(async () => {
    await rig?.close();
    await db?.close();
  });

  it('refuses a request with its reason from the request page without JavaScript, and passes axe before, on the error and after', async () => {
    const sign = await rig.browser.newContext({ javaScriptEnabled: false });
    const signPage = await sign.newPage();
    await signPage.goto(`${rig.base}${await latestLinkPath(db.deps.db, 'dpo@hooli.test')}`);
    await signPage.getByRole('button', { name: 'Sign in' }).click();
    const cookies = await sign.cookies();
    // axe needs JavaScript (and a CSP exception for its script); the form itself is used without it.
    const axe = await rig.browser.newContext({ bypassCSP: true });
    await axe.addCookies(cookies);
    const check = await axe.newPage();
    const url = `${rig.base}/portal/w/${f.slug}/requests/${requestId}`;

    await signPage.goto(url);
    assert.match(await signPage.locator('h1').innerText(), /^Request R-/);
    await check.goto(url);
    await assertAccessible(check);

    await signPage.getByLabel('Refuse the request').check();
    await signPage.getByRole('button', { name: 'Send the instruction' }).click();
    assert.match(await signPage.locator('.error-summary').innerText(), /reason: is required/);
    // The same 400 page in the axe context (a refusal without a reason changes nothing).
    await check.getByLabel('Refuse the request').check();
    await check.getByRole('button', { name: 'Send the instruction' }).click();
    await check.locator('.error-summary').waitFor();
    await assertAccessible(check);

    await signPage.getByLabel('Reason (required to refuse)').fill('The person is not one of our users.');
    await signPage.getByRole('button', { name: 'Send the instruction' }).click();
    assert.match(await signPage.getByRole('status').innerText(), /Your instruction was recorded/);
    await check.goto(`${url}?sent=1`);
    await assertAccessible(check);
    const row = await db.deps.db.selectFrom('dsr_forwardings').select(['instruction', 'instruction_reason']).where('request_id', '=', requestId).executeTakeFirstOrThrow();
    assert.deepEqual([row.instruction, row.instruction_reason], ['refuse', 'The person is not one of our users.']);
    await sign.close();
    await axe.close();
  });
});
