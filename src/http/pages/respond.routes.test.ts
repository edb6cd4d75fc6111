import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, form, signedInMember, TEST_PUBLIC_URL } from '../../../test/app.ts';
import { changeBody, changeWorkspace, type ChangeWorkspace, movableClock, NOW, pageStructureProblems, respondToken } from '../../../test/change-fixtures.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { announceChange } from '../../modules/changes/announce-change.ts';
import { listChangeCustomers, listObjections } from '../../modules/changes/changes.queries.ts';
import { createChange } from '../../modules/changes/manage-changes.ts';
import { resolveObjection } from '../../modules/changes/resolve-objection.ts';
import { submitObjection } from '../../modules/changes/respond-to-change.ts';
import type { AppError } from '../../shared/errors.ts';
import { buildWorkspace } from '../../../test/factories.ts';

const clock = movableClock();
let ip = 0;

forEachDialect('change response page', (ctx) => {
  let app: FastifyInstance;
  let f: ChangeWorkspace;
  let changeId: string;

  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  /** A fresh workspace with an announced change; returns the page URL of a customer. */
  const announced = async (customer: 'general' | 'specific' = 'general') => {
    clock.set(NOW);
    f = await changeWorkspace(ctx.db.deps);
    changeId = (await createChange(ctx.db.deps, f.scope, changeBody(f))).id;
    await announceChange(ctx.db.deps, f.scope, changeId);
    return `/w/${f.slug}/changes/respond/${encodeURIComponent(await respondToken(ctx.db.deps.db, f.customers[customer].id, changeId))}`;
  };
  /** A form post as a browser sends it from the page itself (each test from its own address). */
  const send = (url: string, fields: Record<string, string>, over: Record<string, string | null> = {}) => {
    const headers: Record<string, string | null> = { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', 'sec-fetch-site': 'same-origin', 'x-forwarded-for': `198.51.100.${++ip % 250}`, ...over };
    // null: the header is not sent (older browsers send no Sec-Fetch-Site).
    const sent = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== null));
    return app.inject({ method: 'POST', url, payload: form(fields), headers: sent });
  };

  it('shows a general customer the change, its dates and the objection form, never cached nor referred', async () => {
    const url = await announced();
    const res = await app.inject({ url });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    const page = res.body;
    assert.ok(page.includes('<h1>Sub-processor change: New e-mail delivery provider</h1>'));
    assert.ok(page.includes('Better deliverability inside the EU.'));
    assert.match(page, /<th scope="row">Effective date for Globex General<\/th><td>2030-04-15/);
    assert.match(page, /<th scope="row">Last day to object<\/th><td>2030-04-14<\/td>/);
    assert.ok(page.includes('1. Replacement: Mailjet SAS (replaces Sendgrid Inc) — E-mail delivery'));
    assert.match(page, /<th scope="col">Before the change<\/th><th scope="col">After the change<\/th>/);
    assert.ok(page.includes(`<form method="post" action="${url}/object">`));
    assert.ok(!page.includes('name="decision"'), 'no consent form under general authorisation');
    assert.match(page, /<label for="f-object-name">Your name \(required\)<\/label>/);
    assert.deepEqual(pageStructureProblems(page), []);
  });

  it('records an objection, which then shows in the console and the API', async () => {
    const url = await announced();
    const empty = await send(`${url}/object`, { name: '', reason: '' });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.headers['referrer-policy'], 'no-referrer');
    assert.match(empty.body, /<textarea id="f-object-reason" name="reason" required aria-invalid="true" aria-describedby="f-object-reason-error"/);
    assert.ok(empty.body.includes('<p class="error" id="f-object-name-error">Your name: is required</p>'));
    assert.deepEqual(pageStructureProblems(empty.body), []);

    const res = await send(`${url}/object`, { name: 'Jane Doe', reason: 'We only accept EU-owned providers.' }, { origin: TEST_PUBLIC_URL });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${url}?sent=objection`);
    const page = await app.inject({ url: String(res.headers.location) });
    assert.ok(page.body.includes('Your objection was recorded.'));
    assert.ok(page.body.includes('Objection by Jane Doe on 2030-03-04: “We only accept EU-owned providers.”'));

    const editor = await signedInMember(ctx.db.deps, f.workspace.id, 'editor');
    const console = await app.inject({ url: `/admin/w/${f.slug}/changes/${changeId}`, headers: { cookie: editor.cookie } });
    assert.ok(console.body.includes('We only accept EU-owned providers.'));
    const api = await app.inject({ url: `/api/w/${f.slug}/objections?status=open`, headers: { cookie: editor.cookie } });
    assert.deepEqual(api.json().data.map((o: { submittedName: string; customerName: string }) => [o.submittedName, o.customerName]), [['Jane Doe', 'Globex General']]);
  });

  it('accepts one open objection per link at a time: a second one is 409 objection_already_open and writes nothing', async () => {
    const url = await announced();
    assert.equal((await send(`${url}/object`, { name: 'Jane Doe', reason: 'First objection.' })).statusCode, 303);
    const count = async (table: 'objections' | 'audit_events' | 'messages') =>
      Number((await ctx.db.deps.db.selectFrom(table).select((e) => e.fn.countAll().as('n')).where('workspace_id', '=', f.workspace.id).executeTakeFirstOrThrow()).n);
    const before = [await count('objections'), await count('audit_events'), await count('messages')];
    const second = await send(`${url}/object`, { name: 'Jane Doe', reason: 'Second objection.' });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /an objection to this change is already open/);
    assert.deepEqual([await count('objections'), await count('audit_events'), await count('messages')], before);
    const token = decodeURIComponent(url.split('/').pop()!);
    await assert.rejects(submitObjection(ctx.db.deps, token, { name: 'Jane Doe', reason: 'Third.' }), (e: unknown) => (e as AppError).code === 'objection_already_open');
    const [open] = await listObjections(ctx.db.deps.db, f.workspace.id);
    await resolveObjection(ctx.db.deps, f.scope, open.id, { resolution: 'alternative_offered', note: 'We keep the old provider for you.' });
    assert.equal((await send(`${url}/object`, { name: 'Jane Doe', reason: 'A new objection after the first was resolved.' })).statusCode, 303);
  });

  it('records the consent of a customer under specific authorisation', async () => {
    const url = await announced('specific');
    const page = await app.inject({ url });
    assert.ok(page.body.includes('<legend>Decision (required)</legend>'));
    assert.ok(page.body.includes('Consent: not given yet.'));
    const bad = await send(`${url}/consent`, { decision: 'maybe', name: 'Bob Lee' });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.body.includes('Decision: must be one of given, refused'));
    assert.deepEqual(pageStructureProblems(bad.body), []);
    assert.match(bad.body, /id="f-consent-name" name="name" required autocomplete="name" value="Bob Lee"/);
    const res = await send(`${url}/consent`, { decision: 'given', name: 'Bob Lee', title: 'DPO' });
    assert.equal(res.statusCode, 303);
    const after = await app.inject({ url: String(res.headers.location) });
    assert.ok(after.body.includes('Your decision was recorded.'));
    assert.ok(after.body.includes('Consent: <strong>given</strong> by Bob Lee, DPO on 2030-03-04.'));
    const specific = (await listChangeCustomers(ctx.db.deps.db, f.workspace.id, changeId)).find((c) => c.customerId === f.customers.specific.id);
    assert.deepEqual([specific?.consent, specific?.consentName, specific?.outstanding], ['given', 'Bob Lee', null]);
  });

  it('answers 404 without detail for an unknown link and for a link under another workspace', async () => {
    const url = await announced();
    const unknown = await app.inject({ url: `/w/${f.slug}/changes/respond/chr_not-a-real-token` });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.headers['referrer-policy'], 'no-referrer');
    assert.equal(unknown.headers['cache-control'], 'no-store');
    assert.ok(!unknown.body.includes('New e-mail delivery provider'));
    const other = await buildWorkspace(ctx.db.deps);
    const elsewhere = await app.inject({ url: url.replace(`/w/${f.slug}/`, `/w/${other.workspace.slug}/`) });
    assert.equal(elsewhere.statusCode, 404);
    assert.ok(!elsewhere.body.includes('New e-mail delivery provider'));
    assert.equal((await send(`${url.replace(`/w/${f.slug}/`, `/w/${other.workspace.slug}/`)}/object`, { name: 'A', reason: 'B' })).statusCode, 404);
    assert.equal((await listObjections(ctx.db.deps.db, f.workspace.id)).length, 0);
  });

  it('refuses forms sent from another site', async () => {
    const url = await announced();
    const crossSite = await send(`${url}/object`, { name: 'Mallory', reason: 'Forged' }, { 'sec-fetch-site': 'cross-site' });
    assert.equal(crossSite.statusCode, 403);
    const foreign = await send(`${url}/object`, { name: 'Mallory', reason: 'Forged' }, { origin: 'https://evil.example', 'sec-fetch-site': null });
    assert.equal(foreign.statusCode, 403);
    assert.equal((await listObjections(ctx.db.deps.db, f.workspace.id)).length, 0);
  });

  it('answers 409 on the page once the objection window has closed', async () => {
    const url = await announced();
    clock.set('2030-04-15T00:00:01.000Z');
    try {
      const page = await app.inject({ url });
      assert.ok(!page.body.includes(`action="${url}/object"`));
      assert.ok(page.body.includes('The time to object ended at the end of 2030-04-14.'));
      const res = await send(`${url}/object`, { name: 'Late Larry', reason: 'Too late' });
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /<div class="error-summary" role="alert"[^>]*><p>the objection window for this change has closed<\/p>/);
      assert.equal((await listObjections(ctx.db.deps.db, f.workspace.id)).length, 0);
    } finally {
      clock.set(NOW);
    }
  });

  it('limits how often one address may post', async () => {
    const url = await announced();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await send(`${url}/object`, { name: '', reason: '' }, { 'x-forwarded-for': '203.0.113.77' })).statusCode);
    assert.deepEqual(statuses, [...Array(10).fill(400), 429]);
  });
}, { clock });
