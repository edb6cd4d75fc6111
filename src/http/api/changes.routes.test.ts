import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders, buildTestApp } from '../../../test/app.ts';
import { changeBody, changeWorkspace, type ChangeWorkspace, movableClock, PROPOSED, respondToken } from '../../../test/change-fixtures.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { announceChange } from '../../modules/changes/announce-change.ts';
import { createChange } from '../../modules/changes/manage-changes.ts';
import { submitObjection } from '../../modules/changes/respond-to-change.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';
import { auditActions, call } from './api.test-helpers.ts';

const clock = movableClock();

forEachDialect('changes API', (ctx) => {
  let app: FastifyInstance;
  let f: ChangeWorkspace;
  let editor: Record<string, string>;
  let viewer: Record<string, string>;

  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  const fresh = async () => {
    f = await changeWorkspace(ctx.db.deps);
    editor = await apiTokenHeaders(ctx.db.deps, f.workspace.id, 'editor');
    viewer = await apiTokenHeaders(ctx.db.deps, f.workspace.id, 'viewer');
  };
  const fields = (body: { data?: { fields?: Array<{ field: string }> } }) => (body.data?.fields ?? []).map((x) => x.field);

  it('refuses a proposal naming every bad field, operations by their index', async () => {
    await fresh();
    const res = await call(app, 'POST', `/api/w/${f.slug}/changes`, editor, {
      title: '', reason: 'Because', proposedDate: '2030-02-30',
      operations: [
        { op: 'modify', engagementId: 'no-such-engagement', engagement: { entityId: f.newcomer.id, purpose: 'x' } },
        { op: 'add', engagement: { entityId: 'no-such-entity', purpose: 'Mail' } },
        { op: 'rename' },
      ],
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'validation_error');
    assert.deepEqual(fields(res.body).sort(), ['operations[0].engagementId', 'operations[1].engagement.entityId', 'operations[2].op', 'proposedDate', 'title']);
    const typed = await call(app, 'POST', `/api/w/${f.slug}/changes`, editor, { ...changeBody(f), operations: [{ op: 'remove', engagementId: 5 }] });
    assert.equal(typed.status, 400);
    assert.deepEqual(fields(typed.body), ['operations[0].engagementId']);
    const none = await call(app, 'POST', `/api/w/${f.slug}/changes`, editor, { ...changeBody(f), operations: [] });
    assert.deepEqual(fields(none.body), ['operations']);
  });

  it('creates a draft, announces it, lists its customers and withdraws it', async () => {
    await fresh();
    const created = await call(app, 'POST', `/api/w/${f.slug}/changes`, editor, changeBody(f));
    assert.equal(created.status, 201);
    const id = created.body.data.id;
    assert.equal(created.body.data.status, 'draft');
    assert.equal(created.body.data.operations[0].op, 'replace');

    const edited = await call(app, 'PUT', `/api/w/${f.slug}/changes/${id}`, editor, changeBody(f, { title: 'Mailjet replaces Sendgrid' }));
    assert.equal(edited.status, 200);
    assert.equal(edited.body.data.title, 'Mailjet replaces Sendgrid');
    assert.deepEqual((await call(app, 'GET', `/api/w/${f.slug}/changes?status=draft`, viewer)).body.data.map((c: { id: string }) => c.id), [id]);
    assert.deepEqual((await call(app, 'GET', `/api/w/${f.slug}/changes/${id}/customers`, viewer)).body.data, []);

    const unconfirmed = await call(app, 'POST', `/api/w/${f.slug}/changes/${id}/announce`, editor);
    assert.equal(unconfirmed.status, 409);
    assert.equal(unconfirmed.body.error, 'announce_unconfirmed');
    assert.deepEqual(unconfirmed.body.data.preview.warnings, ["Umbrella Slow: 60 days' notice puts its date at 2030-05-04"]);
    assert.equal((await call(app, 'GET', `/api/w/${f.slug}/changes/${id}`, viewer)).body.data.status, 'draft', 'nothing is announced without confirmation');
    const preview = (await call(app, 'GET', `/api/w/${f.slug}/changes/${id}/announce-preview`, editor)).body.data;
    assert.deepEqual(preview.customers.map((c: { customerName: string; authorisation: string; lastDayToObject: string | null; effectiveDate: string }) => [c.customerName, c.authorisation, c.effectiveDate, c.lastDayToObject]), [
      ['Globex General', 'general', PROPOSED, '2030-04-14'], ['Initech Specific', 'specific', PROPOSED, null], ['Umbrella Slow', 'general', '2030-05-04', '2030-05-03'],
    ]);
    const specificNotice = preview.customers[1].notice.text;
    assert.match(specificNotice, /takes effect for Initech Specific only once you consent, and not before 2030-04-15/);
    assert.ok(!/object/i.test(specificNotice.replace(/Give or refuse consent/g, '')), 'no objection window under specific authorisation');
    assert.equal((await call(app, 'GET', `/api/w/${f.slug}/changes/${id}/announce-preview`, viewer)).status, 403);
    const announced = await call(app, 'POST', `/api/w/${f.slug}/changes/${id}/announce`, editor, { confirm: true });
    assert.equal(announced.status, 200);
    assert.equal(announced.body.data.status, 'announced');
    assert.equal(announced.body.data.notice.items[0].after.name, 'Mailjet SAS');
    assert.deepEqual(announced.body.warnings, ["Umbrella Slow: 60 days' notice puts its date at 2030-05-04"]);
    assert.equal((await call(app, 'POST', `/api/w/${f.slug}/changes/${id}/announce`, editor, { confirm: true })).body.error, 'change_not_draft');
    assert.equal((await call(app, 'PUT', `/api/w/${f.slug}/changes/${id}`, editor, changeBody(f))).status, 409);
    assert.equal((await call(app, 'DELETE', `/api/w/${f.slug}/changes/${id}`, editor)).status, 409);

    const customers = (await call(app, 'GET', `/api/w/${f.slug}/changes/${id}/customers`, viewer)).body.data;
    assert.deepEqual(customers.map((c: { customerName: string }) => c.customerName), ['Globex General', 'Initech Specific', 'Umbrella Slow']);
    const [general, specific, slow] = customers;
    assert.deepEqual([general.effectiveDate, general.windowEndsOn, general.outstanding], [PROPOSED, '2030-04-14', null]);
    assert.deepEqual([specific.authorisation, specific.outstanding], ['specific', 'consent']);
    assert.equal(slow.effectiveDate, '2030-05-04');
    assert.deepEqual((await call(app, 'GET', `/api/w/${f.slug}/changes?status=announced`, viewer)).body.data.map((c: { id: string }) => c.id), [id]);

    const messages = (await call(app, 'GET', `/api/w/${f.slug}/messages?changeId=${id}`, viewer)).body.data;
    assert.equal(messages.length, 3);
    assert.ok(messages.every((m: Record<string, unknown>) => m.kind === 'change.announced' && m.status === 'queued' && !('text' in m) && !('html' in m)));
    const one = (await call(app, 'GET', `/api/w/${f.slug}/messages/${messages[0].id}`, viewer)).body.data;
    assert.match(one.text, /\/changes\/respond\//);
    assert.match(one.html, /^<!doctype html>/);
    assert.equal((await call(app, 'GET', `/api/w/${f.slug}/messages/nope`, viewer)).status, 404);

    const noReason = await call(app, 'POST', `/api/w/${f.slug}/changes/${id}/withdraw`, editor, {});
    assert.equal(noReason.status, 400);
    assert.deepEqual(fields(noReason.body), ['reason']);
    const withdrawn = await call(app, 'POST', `/api/w/${f.slug}/changes/${id}/withdraw`, editor, { reason: 'Contract not signed' });
    assert.equal(withdrawn.status, 200);
    assert.equal(withdrawn.body.data.status, 'withdrawn');
    assert.equal(withdrawn.body.data.withdrawnReason, 'Contract not signed');
    const after = (await call(app, 'GET', `/api/w/${f.slug}/changes/${id}/customers`, viewer)).body.data;
    assert.ok(after.every((c: { status: string }) => c.status === 'withdrawn'));
    assert.equal((await call(app, 'GET', `/api/w/${f.slug}/messages?changeId=${id}&status=queued`, viewer)).body.data.length, 6);
    const actions = await auditActions(ctx.db.deps, f.workspace.id);
    for (const a of ['change.created', 'change.updated', 'change.announced', 'change.withdrawn']) assert.ok(actions.includes(a), a);
  });

  it('lets a viewer read changes but not propose, announce or withdraw one', async () => {
    await fresh();
    const change = await createChange(ctx.db.deps, f.scope, changeBody(f));
    assert.equal((await call(app, 'GET', `/api/w/${f.slug}/changes/${change.id}`, viewer)).status, 200);
    const announce = await call(app, 'POST', `/api/w/${f.slug}/changes/${change.id}/announce`, viewer);
    assert.equal(announce.status, 403);
    assert.equal(announce.body.error, 'forbidden');
    assert.equal((await call(app, 'POST', `/api/w/${f.slug}/changes`, viewer, changeBody(f))).status, 403);
    assert.equal((await call(app, 'POST', `/api/w/${f.slug}/changes/${change.id}/withdraw`, viewer, { reason: 'x' })).status, 403);
    assert.equal((await call(app, 'GET', `/api/w/${f.slug}/changes/${change.id}`, viewer)).body.data.status, 'draft');
  });

  it('refuses to announce a change whose date is not after today, naming proposedDate', async () => {
    await fresh();
    const change = await createChange(ctx.db.deps, f.scope, changeBody(f, { proposedDate: '2030-03-04' }));
    const res = await call(app, 'POST', `/api/w/${f.slug}/changes/${change.id}/announce`, editor);
    assert.equal(res.status, 400);
    assert.deepEqual(fields(res.body), ['proposedDate']);
  });

  it('refuses unknown status filters, naming the field', async () => {
    await fresh();
    for (const url of ['changes?status=later', 'objections?status=maybe', 'messages?status=lost']) {
      const res = await call(app, 'GET', `/api/w/${f.slug}/${url}`, viewer);
      assert.equal(res.status, 400, url);
      assert.deepEqual(fields(res.body), ['status'], url);
    }
  });

  it('lists objections and resolves one with a resolution and a note', async () => {
    await fresh();
    const change = await createChange(ctx.db.deps, f.scope, changeBody(f));
    await announceChange(ctx.db.deps, f.scope, change.id);
    await submitObjection(ctx.db.deps, await respondToken(ctx.db.deps.db, f.customers.general.id, change.id), { name: 'Jane Doe', reason: 'We need EU-only providers.' });
    const open = (await call(app, 'GET', `/api/w/${f.slug}/objections?status=open&changeId=${change.id}`, viewer)).body.data;
    assert.equal(open.length, 1);
    assert.deepEqual([open[0].customerName, open[0].submittedName, open[0].reason], ['Globex General', 'Jane Doe', 'We need EU-only providers.']);
    const bad = await call(app, 'POST', `/api/w/${f.slug}/objections/${open[0].id}/resolve`, editor, { resolution: 'ignored', note: '' });
    assert.equal(bad.status, 400);
    assert.deepEqual(fields(bad.body).sort(), ['note', 'resolution']);
    const ok = await call(app, 'POST', `/api/w/${f.slug}/objections/${open[0].id}/resolve`, editor, { resolution: 'alternative_offered', note: 'We keep your mail with the current provider.' });
    assert.equal(ok.status, 200);
    assert.deepEqual([ok.body.data.status, ok.body.data.resolution], ['resolved', 'alternative_offered']);
    assert.equal((await call(app, 'GET', `/api/w/${f.slug}/objections?status=open`, viewer)).body.data.length, 0);
    assert.equal((await call(app, 'POST', `/api/w/${f.slug}/objections/${open[0].id}/resolve`, editor, { resolution: 'alternative_offered', note: 'again' })).status, 409);
    assert.equal((await call(app, 'POST', `/api/w/${f.slug}/objections/nope/resolve`, editor, { resolution: 'alternative_offered', note: 'x' })).status, 404);
  });

  it('gives the evidence packet with every customer notification, as a download on request', async () => {
    await fresh();
    const change = await createChange(ctx.db.deps, f.scope, changeBody(f));
    await announceChange(ctx.db.deps, f.scope, change.id);
    const res = await app.inject({ url: `/api/w/${f.slug}/changes/${change.id}/evidence`, headers: viewer });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-disposition'], undefined);
    const evidence = res.json().data;
    assert.equal(evidence.format, 'trustroom.change-evidence/1');
    assert.equal(evidence.change.id, change.id);
    const general = evidence.customers.find((c: { customerName: string }) => c.customerName === 'Globex General');
    assert.deepEqual(general.notifications.map((n: { channel: string; kind: string; to: string }) => [n.channel, n.kind, n.to]), [['email', 'change.announced', f.customers.general.contacts[0].email]]);
    assert.ok(evidence.timeline.some((t: { action: string }) => t.action === 'change.announced'));
    const download = await app.inject({ url: `/api/w/${f.slug}/changes/${change.id}/evidence?download=1`, headers: viewer });
    assert.match(String(download.headers['content-disposition']), new RegExp(`^attachment; filename="${f.slug}-change-${change.id}-evidence\\.json"$`));
    assert.equal((await call(app, 'GET', `/api/w/${f.slug}/changes/nope/evidence`, viewer)).status, 404);
  });

  it('puts an announced change in the Atom feed and among the upcoming changes of the list page', async () => {
    await fresh();
    await publishListVersion(ctx.db.deps, f.scope, { currentAsOf: '2030-03-01' });
    const change = await createChange(ctx.db.deps, f.scope, changeBody(f));
    const draftFeed = await app.inject({ url: `/w/${f.slug}/subprocessors.atom` });
    assert.ok(!draftFeed.body.includes(`:change:${change.id}`));
    await announceChange(ctx.db.deps, f.scope, change.id);
    const feed = await app.inject({ url: `/w/${f.slug}/subprocessors.atom` });
    assert.equal(feed.statusCode, 200);
    const entry = [...feed.body.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]).find((e) => e.includes(`<id>urn:trustroom:workspace:${f.workspace.id}:change:${change.id}</id>`));
    assert.ok(entry, 'an entry for the change');
    assert.ok(entry.includes('Announced change: New e-mail delivery provider — from 2030-04-15'));
    assert.ok(entry.includes('Replacement: Mailjet SAS (replaces Sendgrid Inc) — E-mail delivery (France)'));
    assert.ok(entry.includes(`<link href="http://trustroom.test/w/${f.slug}/changes/${change.id}"/>`));
    const page = await app.inject({ url: `/w/${f.slug}/subprocessors` });
    assert.match(page.body, /<h2 id="upcoming-title">Upcoming changes<\/h2>/);
    assert.ok(page.body.includes(`<a href="/w/${f.slug}/changes/${change.id}"><strong>New e-mail delivery provider</strong></a>, from 2030-04-15`));
    assert.ok(page.body.indexOf('Upcoming changes') < page.body.indexOf('<table'));
  });
}, { clock });
