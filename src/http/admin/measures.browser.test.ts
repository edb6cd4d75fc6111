import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { assertAccessible, assertPagesAccessible, browserSkip, openBrowserRig, signedInContext } from '../../../test/browser.ts';
import { openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildMember, buildWorkspace } from '../../../test/factories.ts';
import { setMembership } from '../../modules/access/users.ts';
import { addEvidenceFile, addEvidenceLink, createMeasure } from '../../modules/measures/manage-measures.ts';
import { SYSTEM_ACTOR } from '../../shared/deps.ts';

describe('measure pages in Chromium', { skip: browserSkip }, () => {
  let db: TestDb;
  let rig: Awaited<ReturnType<typeof openBrowserRig>>;
  let context: BrowserContext;
  let base: string;
  let measureId: string;
  before(async () => {
    db = await openTestDb('sqlite');
    const { workspace, scope } = await buildWorkspace(db.deps, { slug: 'acme-tom' });
    const m = await createMeasure(db.deps, scope, { category: 'availability_control', title: 'Encrypted backups', description: 'Nightly, kept 30 days.', owner: 'Ops team', lastReviewedOn: '2025-01-10' });
    await createMeasure(db.deps, scope, { category: 'events_logging', title: 'Central logging' });
    await addEvidenceLink(db.deps, scope, m.id, { url: 'https://wiki.example/backups', label: 'Backup runbook' });
    await addEvidenceFile(db.deps, scope, m.id, { bytes: Buffer.from('date,result\n2026-11-01,ok\n'), fileName: 'restore-tests.csv', contentType: 'text/csv' });
    measureId = m.id;
    const owner = await buildMember(db.deps, workspace.id, 'owner');
    const empty = await buildWorkspace(db.deps, { slug: 'acme-empty' });
    await setMembership(db.deps, SYSTEM_ACTOR, empty.workspace.id, owner.user.id, 'owner');
    rig = await openBrowserRig(db.deps);
    base = `${rig.base}/admin/w/acme-tom`;
    context = await signedInContext(rig, owner.session);
  });
  after(async () => {
    await context?.close();
    await rig?.close();
    await db?.close();
  });

  it('passes axe on the measure list, its filter, a measure page, the forms and the delete confirmation', async () => {
    const page = await context.newPage();
    await assertPagesAccessible(page, base, ['/measures', '/measures?overdue=1', `/measures/${measureId}`, '/measures/new', `/measures/${measureId}/edit`, `/measures/${measureId}/delete`, '']);
    // An empty catalogue offers seeding.
    await page.goto(`${rig.base}/admin/w/acme-empty/measures`);
    assert.equal(await page.getByRole('button', { name: 'Seed from the catalogue' }).count(), 1);
    await assertAccessible(page);
    await page.close();
  });

  it('shows errors accessibly, records a review and uploads a file without JavaScript', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/measures/new`);
    await page.getByLabel('Category (required)').selectOption('regular_testing');
    await page.getByLabel('Title (required)').fill('Pen test');
    await page.getByLabel('Last reviewed on').fill('2999-01-01');
    await page.getByRole('button', { name: 'Create measure' }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByLabel('Last reviewed on').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Category (required)').inputValue(), 'regular_testing');
    assert.match(await page.locator('#lastReviewedOn-error').innerText(), /must not be in the future/);
    await assertAccessible(page);

    await page.goto(`${base}/measures/${measureId}`);
    assert.match(await page.locator('dd').filter({ hasText: 'Overdue' }).innerText(), /Overdue/);
    await page.getByRole('button', { name: 'Mark reviewed today' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('.notice').innerText(), /Review recorded/);
    assert.equal(await page.locator('dd').filter({ hasText: 'Up to date' }).count(), 1);

    await page.setInputFiles('#f-file', { name: 'policy.txt', mimeType: 'text/plain', buffer: Buffer.from('Backups are encrypted.\n') });
    await page.getByRole('button', { name: 'Upload file' }).click();
    await page.waitForLoadState();
    assert.match(await page.locator('.notice').innerText(), /Evidence added/);
    assert.equal(await page.getByRole('link', { name: 'policy.txt' }).count(), 1);
    await assertAccessible(page);
    await page.close();
  });
});
