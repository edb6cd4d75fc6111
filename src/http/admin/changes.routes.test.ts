import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Background } from '../../background.ts';
import { type SessionAgent, signedInMember, TEST_PUBLIC_URL } from '../../../test/app.ts';
import { changeBody, changeWorkspace, type ChangeWorkspace, movableClock, pageStructureProblems, respondToken } from '../../../test/change-fixtures.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { announceChange } from '../../modules/changes/announce-change.ts';
import { createChange } from '../../modules/changes/manage-changes.ts';
import { submitObjection } from '../../modules/changes/respond-to-change.ts';
import { buildApp } from '../app.ts';
import { get, post, tagWithId } from './console.test-helpers.ts';

const clock = movableClock();

/** The path of a 303's Location. */
const location = (res: { headers: Record<string, unknown> }) => String(res.headers.location ?? '');

forEachDialect('changes console', (ctx) => {
  let app: FastifyInstance;
  let f: ChangeWorkspace;
  let editor: SessionAgent;
  let base: string;

  before(async () => {
    // With a process whose mailer keeps messages in the outbox, as `serve` without SMTP_URL.
    const background = { mailer: { mode: 'outbox' } } as unknown as Background;
    app = await buildApp({ deps: ctx.db.deps, config: { publicUrl: TEST_PUBLIC_URL, secureCookies: false }, logger: false, background });
    await app.ready();
  });
  after(async () => app?.close());

  const fresh = async () => {
    f = await changeWorkspace(ctx.db.deps);
    editor = await signedInMember(ctx.db.deps, f.workspace.id, 'editor');
    base = `/admin/w/${f.slug}`;
  };

  it('proposes a draft step by step without JavaScript, adds an operation and announces it', async () => {
    await fresh();
    const list = await get(app, editor, `${base}/changes`);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /<a href="[^"]+\/changes"[^>]* aria-current="page">Changes<\/a>/);
    assert.ok(list.body.includes('No changes yet.'));

    const step1 = await get(app, editor, `${base}/changes/new`);
    assert.equal(step1.statusCode, 200);
    assert.ok(step1.body.includes('<form method="get"'));
    assert.deepEqual(pageStructureProblems(step1.body), []);
    assert.ok(tagWithId(step1.body, 'f-op').startsWith('<select'));
    const missing = await get(app, editor, `${base}/changes/new?op=modify`);
    assert.equal(missing.statusCode, 400);
    assert.match(tagWithId(missing.body, 'f-engagementId'), /aria-invalid="true"/);
    assert.ok(missing.body.includes('Engagement it changes: choose the engagement'));

    const step2 = await get(app, editor, `${base}/changes/new?op=modify&engagementId=${f.current.id}`);
    assert.equal(step2.statusCode, 200);
    assert.match(tagWithId(step2.body, 'f-purpose'), /required/);
    assert.ok(step2.body.includes('>E-mail delivery</textarea>'), 'the engagement fields are filled from the engagement');
    assert.match(step2.body, /<option value="modify" selected>/);
    assert.deepEqual(pageStructureProblems(step2.body), []);

    const invalid = await post(app, editor, `${base}/changes`, { op: 'add', title: '', reason: 'Cheaper', proposedDate: '2030-04-15', entityId: '', purpose: 'Mail', countries: 'DE, XX' });
    assert.equal(invalid.statusCode, 400);
    for (const id of ['f-title', 'f-entityId', 'f-countries']) assert.match(tagWithId(invalid.body, id), /aria-invalid="true"/, id);
    assert.ok(invalid.body.includes('Countries: entry 2 (&quot;XX&quot;)'));
    assert.ok(invalid.body.includes('value="Mail"') || invalid.body.includes('>Mail</textarea>'), 'what was typed is kept');

    const created = await post(app, editor, `${base}/changes`, { op: 'add', title: 'Add Mailjet', reason: 'Better deliverability', proposedDate: '2030-04-15', entityId: f.newcomer.id, purpose: 'Transactional e-mail', countries: 'FR', transferMechanisms: [] });
    assert.equal(created.statusCode, 303);
    const changeUrl = location(created).replace(/\?.*$/, '');
    assert.match(location(created), /\/changes\/[^/]+\?created=1$/);
    const draft = await get(app, editor, location(created));
    assert.equal(draft.statusCode, 200);
    assert.ok(draft.body.includes('Status: <strong>Draft</strong>'));
    assert.ok(draft.body.includes('New sub-processor: Mailjet SAS — Transactional e-mail (France)'));
    assert.ok(draft.body.includes('Review and announce the change'));
    assert.deepEqual(pageStructureProblems(draft.body), []);

    const chooseRemove = await get(app, editor, `${changeUrl}/operations/new?op=remove&engagementId=${f.current.id}`);
    assert.equal(chooseRemove.statusCode, 200);
    assert.ok(!chooseRemove.body.includes('id="f-purpose"'), 'a removal needs no engagement fields');
    const added = await post(app, editor, `${changeUrl}/operations`, { op: 'remove', engagementId: f.current.id });
    assert.equal(added.statusCode, 303);
    const twice = await post(app, editor, `${changeUrl}/operations`, { op: 'remove', engagementId: f.current.id });
    assert.equal(twice.statusCode, 400);
    assert.ok(twice.body.includes('must not change the same engagement twice'));
    const withTwo = await get(app, editor, changeUrl);
    assert.ok(withTwo.body.includes('2. Sub-processor removed: Sendgrid Inc — E-mail delivery ('));
    assert.equal((await post(app, editor, `${changeUrl}/operations/1/delete`, {})).statusCode, 303);
    assert.ok(!(await get(app, editor, changeUrl)).body.includes('2. Sub-processor removed'));
    assert.equal((await post(app, editor, `${changeUrl}/operations`, { op: 'remove', engagementId: f.current.id })).statusCode, 303);

    const edit = await post(app, editor, changeUrl, { title: 'Mailjet replaces Sendgrid', reason: 'Better deliverability', proposedDate: '2030-04-15' });
    assert.equal(edit.statusCode, 303);

    const review = await post(app, editor, `${changeUrl}/announce`, {});
    assert.equal(review.statusCode, 200, 'a post without confirmation shows the confirmation page');
    assert.ok(review.body.includes('Confirm and announce'));
    assert.ok(review.body.includes('Only once it consents, not before 2030-04-15'));
    assert.match(review.body, /Umbrella Slow: 60 days(&#39;|') notice puts its date at 2030-05-04/);
    assert.deepEqual(pageStructureProblems(review.body), []);
    assert.equal((await get(app, editor, `${changeUrl}/announce`)).statusCode, 200);
    const announced = await post(app, editor, `${changeUrl}/announce`, { confirm: '1' });
    assert.equal(announced.statusCode, 303);
    assert.match(location(announced), /\?announced=1$/);
    const page = await get(app, editor, location(announced));
    assert.ok(page.body.includes('Change announced'));
    assert.ok(page.body.includes('Status: <strong>Announced</strong>'));
    assert.ok(page.body.includes("Umbrella Slow: 60 days' notice puts its date at 2030-05-04"));
    assert.match(page.body, /<th scope="col">Outstanding<\/th>/);
    assert.ok(page.body.includes('Initech Specific: its consent (specific authorisation), not given yet'));
    assert.ok(page.body.includes('E-mails: 3 queued'));
    assert.ok(!page.body.includes('Review and announce the change'));
    assert.deepEqual(pageStructureProblems(page.body), []);
    const timeline = /<ol class="timeline">([\s\S]*?)<\/ol>/.exec(page.body)?.[1] ?? '';
    assert.match(timeline, /Created <time[^>]*>[^<]+<\/time> by /);
    assert.match(timeline, /Announced <time/);

    const overview = await get(app, editor, base);
    assert.ok(overview.body.includes('Mailjet replaces Sendgrid</a>: takes effect 2030-04-15'));
    assert.ok(overview.body.includes('0 open objections, 1 consent outstanding'));
    const listed = await get(app, editor, `${base}/changes?status=announced`);
    assert.match(listed.body, /Mailjet replaces Sendgrid<\/a><\/th><td>Announced<\/td>\s*<td>2030-04-15<\/td><td>3<\/td><td>1<\/td><td>0<\/td>/);
  });

  it('shows why an announcement was refused on the change page', async () => {
    await fresh();
    const change = await createChange(ctx.db.deps, f.scope, changeBody(f, { proposedDate: '2030-03-01' }));
    const res = await post(app, editor, `${base}/changes/${change.id}/announce`, {});
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<div class="error-summary" role="alert"[^>]*>[\s\S]*proposedDate: must be after today/);
    assert.ok(res.body.includes('Status: <strong>Draft</strong>'));
  });

  it('resolves an objection from the console, with errors next to the fields', async () => {
    await fresh();
    const change = await createChange(ctx.db.deps, f.scope, changeBody(f));
    await announceChange(ctx.db.deps, f.scope, change.id);
    await submitObjection(ctx.db.deps, await respondToken(ctx.db.deps.db, f.customers.general.id, change.id), { name: 'Jane Doe', reason: 'No transfers, please.' });
    const page = await get(app, editor, `${base}/changes/${change.id}`);
    assert.ok(page.body.includes('No transfers, please.'));
    assert.ok(page.body.includes('You: resolve Globex General&#39;s objection'));
    const objectionId = /action="[^"]+\/objections\/([^/]+)\/resolve"/.exec(page.body)?.[1];
    assert.ok(objectionId);

    const bad = await post(app, editor, `${base}/objections/${objectionId}/resolve`, { resolution: 'alternative_offered', note: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(tagWithId(bad.body, `f-note-${objectionId}`), /aria-invalid="true"/);
    assert.ok(bad.body.includes('Note: is required'));
    assert.match(tagWithId(bad.body, `f-resolution-${objectionId}-alternative_offered`), / checked/);
    assert.deepEqual(pageStructureProblems(bad.body), []);

    const ok = await post(app, editor, `${base}/objections/${objectionId}/resolve`, { resolution: 'alternative_offered', note: 'Your mail stays with Sendgrid.' });
    assert.equal(ok.statusCode, 303);
    const resolved = await get(app, editor, location(ok).replace(/#.*$/, ''));
    assert.ok(resolved.body.includes('Objection resolved'));
    assert.ok(resolved.body.includes('An alternative is offered to the customer'));
    assert.ok(!resolved.body.includes(`/objections/${objectionId}/resolve"`));
    const api = await app.inject({ url: `/api/w/${f.slug}/objections`, headers: { cookie: editor.cookie } });
    assert.equal(api.json().data[0].resolution, 'alternative_offered');
  });

  it('withdraws an announced change with a reason', async () => {
    await fresh();
    const change = await createChange(ctx.db.deps, f.scope, changeBody(f));
    await announceChange(ctx.db.deps, f.scope, change.id);
    const bad = await post(app, editor, `${base}/changes/${change.id}/withdraw`, { reason: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(tagWithId(bad.body, 'f-reason'), /aria-invalid="true"/);
    const ok = await post(app, editor, `${base}/changes/${change.id}/withdraw`, { reason: 'The contract fell through.' });
    assert.equal(ok.statusCode, 303);
    const page = await get(app, editor, location(ok));
    assert.ok(page.body.includes('Status: <strong>Withdrawn</strong>'));
    assert.match(page.body, /Withdrawn <time[^>]*>[^<]+<\/time>: The contract fell through\./);
    assert.ok(!page.body.includes('Withdraw the change</button>'));
  });

  it('deletes a draft after confirmation', async () => {
    await fresh();
    const change = await createChange(ctx.db.deps, f.scope, changeBody(f));
    const confirm = await get(app, editor, `${base}/changes/${change.id}/delete`);
    assert.ok(confirm.body.includes('Delete draft “New e-mail delivery provider”?'));
    const done = await post(app, editor, `${base}/changes/${change.id}/delete`, {});
    assert.equal(location(done), `${base}/changes?deleted=1`);
    assert.equal((await get(app, editor, `${base}/changes/${change.id}`)).statusCode, 404);
  });

  it('shows a viewer the change without any form, and refuses its actions', async () => {
    await fresh();
    const viewer = await signedInMember(ctx.db.deps, f.workspace.id, 'viewer');
    const change = await createChange(ctx.db.deps, f.scope, changeBody(f));
    const page = await get(app, viewer, `${base}/changes/${change.id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(`action="${base}/changes/${change.id}`), 'no form for a viewer');
    assert.ok(!page.body.includes('Review and announce the change'));
    assert.equal((await post(app, viewer, `${base}/changes/${change.id}/announce`, {})).statusCode, 403);
    assert.equal((await get(app, viewer, `${base}/changes/new`)).statusCode, 403);
  });

  it('prints the evidence with every customer and its notifications', async () => {
    await fresh();
    const change = await createChange(ctx.db.deps, f.scope, changeBody(f));
    await announceChange(ctx.db.deps, f.scope, change.id);
    const res = await get(app, editor, `${base}/changes/${change.id}/evidence`);
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes('<div class="evidence">'));
    assert.ok(res.body.includes(`href="/api/w/${f.slug}/changes/${change.id}/evidence?download=1"`));
    for (const c of Object.values(f.customers)) assert.ok(res.body.includes(c.contacts[0].email), c.name);
    assert.ok(res.body.includes('<code>change.announced</code>'));
    assert.deepEqual(pageStructureProblems(res.body), []);
  });

  it('lists the outbox with the mail mode and shows a message with its HTML part sandboxed', async () => {
    await fresh();
    const change = await createChange(ctx.db.deps, f.scope, changeBody(f));
    await announceChange(ctx.db.deps, f.scope, change.id);
    const outbox = await get(app, editor, `${base}/outbox?changeId=${change.id}&status=queued`);
    assert.equal(outbox.statusCode, 200);
    assert.ok(outbox.body.includes('No SMTP server is configured: messages are kept in the outbox.'));
    assert.ok(outbox.body.includes('3 messages match these filters.'));
    assert.ok(outbox.body.includes(f.customers.general.contacts[0].email));
    assert.ok((await get(app, editor, `${base}/outbox?status=sent`)).body.includes('0 messages match these filters.'));
    const messageUrl = /href="([^"]+\/outbox\/[^"?]+)"/.exec(outbox.body)?.[1];
    assert.ok(messageUrl);
    const message = await get(app, editor, messageUrl);
    assert.equal(message.statusCode, 200);
    assert.match(message.body, /<iframe class="message-preview" sandbox="" [^>]*srcdoc="&lt;!doctype html&gt;/);
    assert.ok(!message.body.includes('<table role="presentation"'), 'the HTML part is never part of the page itself');
    assert.ok(message.body.includes('<pre class="wrap">'));
    assert.deepEqual(pageStructureProblems(message.body), []);
    assert.deepEqual(pageStructureProblems(outbox.body), []);
    assert.ok(message.body.includes('/changes/respond/'));
    assert.equal((await get(app, editor, `${base}/outbox/nope`)).statusCode, 404);
  });
}, { clock });
