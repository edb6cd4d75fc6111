import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { assertAccessible, assertPagesAccessible, browserSkip, openBrowserRig, signedInContext } from '../../../test/browser.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildCustomer, buildMember, buildWorkspace } from '../../../test/factories.ts';
import { recordOutcome, registerLegalDemand } from '../../modules/legal-demands/manage-legal-demands.ts';
import type { Clock } from '../../shared/clock.ts';

let current = new Date('2025-09-01T10:00:00Z');
const clock: Clock = { now: () => new Date(current) };

describe('legal demand pages and the transparency report in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let rig: Awaited<ReturnType<typeof openBrowserRig>>;
  let context: BrowserContext;
  let heldId: string;
  before(async () => {
    db = await openTestDb('sqlite', clock);
    const { workspace, scope } = await buildWorkspace(db.deps, { slug: 'acme-demands', name: 'Acme Cloud' });
    const a = await buildCustomer(db.deps, scope, { name: 'Retail SAS' });
    const b = await buildCustomer(db.deps, scope, { name: 'Bank AG' });
    current = new Date('2026-08-01T10:00:00Z');
    for (const day of ['2026-01-10', '2026-02-10', '2026-03-10']) {
      const d = await registerLegalDemand(db.deps, scope, { authorityName: 'Parquet de Paris', authorityType: 'law_enforcement', country: 'FR', legalBasis: 'CPP', scope: 'Logs', receivedAt: day, customerIds: [a.id] });
      await recordOutcome(db.deps, scope, d.id, { outcome: 'nothing_disclosed' });
    }
    const held = await registerLegalDemand(db.deps, scope, { authorityName: 'District Court', authorityType: 'court', country: 'US', legalBasis: '18 U.S.C. § 2703', scope: 'Subscriber records', receivedAt: '2026-07-20', deadline: '2026-08-20', customerIds: [a.id, b.id], prohibited: true, prohibitionReference: 'Order 2705(b)', prohibitionEndsOn: '2027-01-20' });
    heldId = held.id;
    const owner = await buildMember(db.deps, workspace.id, 'owner');
    rig = await openBrowserRig(db.deps);
    context = await signedInContext(rig, owner.session);
  });
  after(async () => {
    await context?.close();
    await rig?.close();
    await db?.close();
  });

  it('passes axe on the public report, the register, the form, a demand under a non-disclosure order and its edit form', async () => {
    const page = await context.newPage();
    await assertPagesAccessible(page, rig.base, ['/w/acme-demands/transparency']);
    assert.match(await page.locator('#p-2026-H1-type').innerText(), /Law enforcement\s+3/);
    const admin = `${rig.base}/admin/w/acme-demands`;
    await assertPagesAccessible(page, admin, ['/legal-demands', '/legal-demands/new', `/legal-demands/${heldId}`, `/legal-demands/${heldId}/edit`]);
    await page.close();
  });

  it('shows form errors accessibly and lifts the order with a button, without JavaScript', async () => {
    const page = await (await rig.browser.newContext({ javaScriptEnabled: false })).newPage();
    await page.context().addCookies(await context.cookies());
    await page.goto(`${rig.base}/admin/w/acme-demands/legal-demands/${heldId}`);
    await page.getByLabel('Outcome (required)').selectOption('disclosed_partial');
    await page.getByRole('button', { name: 'Record outcome and close' }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByLabel('What was disclosed').getAttribute('aria-invalid'), 'true');
    await page.getByRole('button', { name: 'Lift the prohibition and notify now' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('.notice').innerText(), /Prohibition lifted/);
    assert.equal(await page.getByRole('cell', { name: 'Notified' }).count(), 2);
    await page.close();
    const checked = await context.newPage();
    await checked.goto(`${rig.base}/admin/w/acme-demands/legal-demands/${heldId}`);
    await assertAccessible(checked);
    await checked.close();
  });
});
