import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, signedInMember } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { EVIDENCE_MAX_BYTES } from '../../modules/measures/evidence.ts';
import { addEvidenceFile, createMeasure } from '../../modules/measures/manage-measures.ts';
import { listMeasures } from '../../modules/measures/measures.queries.ts';
import { fixedClock } from '../../shared/clock.ts';
import { consoleFixture, get, post, tagWithId } from './console.test-helpers.ts';
import { postMultipart } from './import.test-helpers.ts';

const TODAY = '2026-11-23';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really an image, but it starts like one')]);

forEachDialect('console: measures', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });
  const measuresOf = (workspaceId: string) => listMeasures(ctx.db.deps.db, workspaceId, TODAY);

  it('lets an editor create a measure through the form, and lists it under its category with the overdue flag in words', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'editor');
    const res = await post(app, agent, `${base}/measures`, { category: 'events_logging', title: 'Central logging', description: 'Logs are kept 1 year.', owner: 'Ops team', reviewIntervalDays: '30', lastReviewedOn: '2026-10-01' });
    assert.equal(res.statusCode, 303);
    const [stored] = await measuresOf(workspace.id);
    assert.equal(res.headers.location, `${base}/measures/${stored.id}?created=1`);
    await post(app, agent, `${base}/measures`, { category: 'events_logging', title: 'Log review', lastReviewedOn: '2026-11-20' });

    const page = await get(app, agent, `${base}/measures/${stored.id}?created=1`);
    assert.match(page.body, /<h1>Central logging<\/h1>/);
    assert.match(page.body, /<p class="notice" role="status">Measure created\.<\/p>/);
    assert.match(page.body, /<dt>Next review<\/dt><dd>2026-10-31<\/dd>\s*<dt>Status<\/dt><dd><strong>Overdue<\/strong><\/dd>/);

    const list = await get(app, agent, `${base}/measures`);
    assert.match(list.body, /<a href="\/admin\/w\/[^/]+\/measures" aria-current="page">Measures<\/a>/);
    assert.match(list.body, /<h2 id="cat-0">Events logging<\/h2>/);
    assert.match(list.body, new RegExp(`<th scope="row"><a href="${base}/measures/${stored.id}">Central logging</a></th><td>Ops team</td><td>2026-10-01</td><td>2026-10-31</td><td><strong>Overdue</strong></td><td>0</td>`));
    assert.match(list.body, /Log review<\/a><\/th><td>—<\/td><td>2026-11-20<\/td><td>2027-11-20<\/td><td>Up to date<\/td>/);
    assert.match(list.body, /2 measures, 1 overdue as of 2026-11-23\./);
    const onlyOverdue = await get(app, agent, `${base}/measures?overdue=1`);
    assert.match(onlyOverdue.body, /Central logging/);
    assert.doesNotMatch(onlyOverdue.body, /Log review/);
    assert.match(tagWithId(onlyOverdue.body, 'f-overdue'), /checked/);

    const audit = await deps.db.selectFrom('audit_events').select(['action', 'actor_label']).where('workspace_id', '=', workspace.id).where('subject_id', '=', stored.id).execute();
    assert.deepEqual(audit, [{ action: 'measure.created', actor_label: agent.email }]);
    const overview = await get(app, agent, base);
    assert.match(overview.body, /<h2 id="measures-title">Measures<\/h2>\s*<p>2 measures, 1 overdue for review\./);
  });

  it('re-renders the form with 400 and errors next to the category and the review date, storing nothing', async () => {
    const { workspace, agent, base } = await consoleFixture(ctx.db.deps, 'editor');
    const res = await post(app, agent, `${base}/measures`, { category: 'astrology', title: 'Keep me', lastReviewedOn: '2026-12-01', reviewIntervalDays: '0' });
    assert.equal(res.statusCode, 400);
    assert.match(tagWithId(res.body, 'f-category'), /aria-invalid="true"/);
    assert.match(tagWithId(res.body, 'f-lastReviewedOn'), /aria-invalid="true"/);
    assert.ok(res.body.includes('<p class="error" id="lastReviewedOn-error">Last reviewed on: must not be in the future (today is 2026-11-23)</p>'));
    assert.ok(res.body.includes('<p class="error" id="reviewIntervalDays-error">Review interval in days: must be a whole number of days from 1 to 3650</p>'));
    assert.match(tagWithId(res.body, 'f-title'), /value="Keep me"/);
    assert.equal((await measuresOf(workspace.id)).length, 0);
  });

  it('marks a measure reviewed today, then edits and deletes it', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    const m = await createMeasure(deps, scope, { category: 'separation_control', title: 'Tenant isolation' });
    const res = await post(app, agent, `${base}/measures/${m.id}/review`, {});
    assert.deepEqual([res.statusCode, res.headers.location], [303, `${base}/measures/${m.id}?reviewed=1`]);
    const [reviewed] = await measuresOf(workspace.id);
    assert.deepEqual([reviewed.lastReviewedOn, reviewed.nextReviewOn, reviewed.isOverdue], [TODAY, '2027-11-23', false]);
    const edit = await get(app, agent, `${base}/measures/${m.id}/edit`);
    assert.match(tagWithId(edit.body, 'f-lastReviewedOn'), /value="2026-11-23"/);
    assert.equal((await post(app, agent, `${base}/measures/${m.id}`, { category: 'separation_control', title: 'Tenant isolation', owner: 'Platform team', reviewIntervalDays: '90', lastReviewedOn: TODAY })).statusCode, 303);
    assert.deepEqual([(await measuresOf(workspace.id))[0].owner, (await measuresOf(workspace.id))[0].nextReviewOn], ['Platform team', '2027-02-21']);
    assert.match((await get(app, agent, `${base}/measures/${m.id}/delete`)).body, /<h1>Delete measure “Tenant isolation”\?<\/h1>/);
    assert.equal((await post(app, agent, `${base}/measures/${m.id}/delete`, {})).headers.location, `${base}/measures?deleted=1`);
    assert.equal((await measuresOf(workspace.id)).length, 0);
    const actions = await deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', m.id).orderBy('seq').execute();
    assert.deepEqual(actions.map((a) => a.action), ['measure.created', 'measure.reviewed', 'measure.updated', 'measure.deleted']);
  });

  it('uploads a file, serves it back as an attachment that is never sniffed, and removes it', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    const m = await createMeasure(deps, scope, { category: 'physical_access_control', title: 'Badge readers' });
    const res = await postMultipart(app, agent, `${base}/measures/${m.id}/evidence/file`, { fileLabel: 'Floor plan' }, { name: 'plan ü.png', type: 'image/png', content: PNG });
    assert.deepEqual([res.statusCode, res.headers.location], [303, `${base}/measures/${m.id}?added=1`]);
    const [evidence] = (await measuresOf(workspace.id))[0].evidence;
    const sha = createHash('sha256').update(PNG).digest('hex');
    assert.deepEqual([evidence.label, evidence.fileName, evidence.contentType, evidence.sha256], ['Floor plan', 'plan ü.png', 'image/png', sha]);
    const page = await get(app, agent, `${base}/measures/${m.id}?added=1`);
    assert.ok(page.body.includes(`<code>${sha}</code>`));

    const download = await get(app, agent, `${base}/measures/${m.id}/evidence/${evidence.id}`);
    assert.equal(download.statusCode, 200);
    assert.ok(download.rawPayload.equals(PNG));
    assert.equal(download.headers['content-type'], 'image/png');
    assert.equal(download.headers['x-content-type-options'], 'nosniff');
    assert.equal(download.headers['content-disposition'], `attachment; filename="plan _.png"; filename*=UTF-8''plan%20%C3%BC.png`);

    // A type outside the allowed list (never stored by Trustroom, but a database can be edited) is served as bytes.
    await deps.db.updateTable('measure_evidence').set({ content_type: 'text/html' }).where('id', '=', evidence.id).execute();
    assert.equal((await get(app, agent, `${base}/measures/${m.id}/evidence/${evidence.id}`)).headers['content-type'], 'application/octet-stream');

    const removed = await post(app, agent, `${base}/measures/${m.id}/evidence/${evidence.id}/delete`, {});
    assert.equal(removed.headers.location, `${base}/measures/${m.id}?removed=1`);
    assert.equal((await get(app, agent, `${base}/measures/${m.id}/evidence/${evidence.id}`)).statusCode, 404);
  });

  it('refuses an upload over 5 MiB with 400 next to the file field, and one without the CSRF token, storing nothing', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    const m = await createMeasure(deps, scope, { category: 'regular_testing', title: 'Pentest' });
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(EVIDENCE_MAX_BYTES)]);
    const res = await postMultipart(app, agent, `${base}/measures/${m.id}/evidence/file`, {}, { name: 'big.pdf', type: 'application/pdf', content: big });
    assert.equal(res.statusCode, 400);
    assert.match(tagWithId(res.body, 'f-file'), /aria-invalid="true"/);
    assert.ok(res.body.includes('<p class="error" id="file-error">File: is larger than the 5 MiB limit</p>'));
    const empty = await postMultipart(app, agent, `${base}/measures/${m.id}/evidence/file`, {});
    assert.equal(empty.statusCode, 400);
    assert.ok(empty.body.includes('<p class="error" id="file-error">File: is required</p>'));
    const forged = await postMultipart(app, agent, `${base}/measures/${m.id}/evidence/file`, {}, { name: 'a.png', type: 'image/png', content: PNG }, { csrf: false });
    assert.equal(forged.statusCode, 403);
    const badLink = await post(app, agent, `${base}/measures/${m.id}/evidence/link`, { url: 'javascript:alert(1)' });
    assert.equal(badLink.statusCode, 400);
    assert.match(tagWithId(badLink.body, 'f-url'), /aria-invalid="true"/);
    assert.equal((await measuresOf(workspace.id))[0].evidence.length, 0);
  });

  it('lets a viewer read and download but not change anything (403)', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'viewer');
    const m = await createMeasure(deps, scope, { category: 'data_minimisation', title: 'Minimal fields' });
    const file = await addEvidenceFile(deps, scope, m.id, { bytes: Buffer.from('# Policy\n'), fileName: 'policy.md', contentType: '' });
    const list = await get(app, agent, `${base}/measures`);
    assert.equal(list.statusCode, 200);
    assert.doesNotMatch(list.body, /New measure|Mark reviewed today|Seed from the catalogue/);
    const download = await get(app, agent, `${base}/measures/${m.id}/evidence/${file.id}`);
    assert.deepEqual([download.statusCode, download.headers['content-type'], download.body], [200, 'text/markdown', '# Policy\n']);
    const attempts = [
      await post(app, agent, `${base}/measures`, { category: 'data_minimisation', title: 'X' }),
      await post(app, agent, `${base}/measures/${m.id}`, { category: 'data_minimisation', title: 'X' }),
      await post(app, agent, `${base}/measures/${m.id}/review`, {}),
      await post(app, agent, `${base}/measures/${m.id}/delete`, {}),
      await post(app, agent, `${base}/measures/${m.id}/evidence/link`, { url: 'https://x.example' }),
      await postMultipart(app, agent, `${base}/measures/${m.id}/evidence/file`, {}, { name: 'a.png', type: 'image/png', content: PNG }),
      await post(app, agent, `${base}/measures/${m.id}/evidence/${file.id}/delete`, {}),
      await post(app, agent, `${base}/measures/seed`, { from: 'annex-ii' }),
      await get(app, agent, `${base}/measures/new`),
    ];
    assert.deepEqual(attempts.map((r) => r.statusCode), attempts.map(() => 403));
    const [after] = await measuresOf(workspace.id);
    assert.deepEqual([after.title, after.lastReviewedOn, after.evidence.length], ['Minimal fields', null, 1]);
  });

  it('offers seeding on an empty catalogue and creates the chosen set once', async () => {
    const { workspace, agent, base } = await consoleFixture(ctx.db.deps, 'editor');
    assert.match((await get(app, agent, `${base}/measures`)).body, /<button type="submit">Seed from the catalogue<\/button>/);
    const res = await post(app, agent, `${base}/measures/seed`, { from: 'dpa-004' });
    assert.equal(res.headers.location, `${base}/measures?seeded=7`);
    const list = await get(app, agent, `${base}/measures?seeded=7`);
    assert.match(list.body, /7 measures created from the catalogue\./);
    assert.match(list.body, /<h2 id="cat-0">Physical access control<\/h2>/);
    assert.doesNotMatch(list.body, /Seed from the catalogue<\/button>/);
    assert.equal((await post(app, agent, `${base}/measures/seed`, { from: 'dpa-004' })).headers.location, `${base}/measures?seeded=0`);
    assert.equal((await measuresOf(workspace.id)).length, 7);
    const other = await signedInMember(ctx.db.deps, workspace.id, 'viewer');
    assert.equal((await get(app, other, `${base}/measures`)).statusCode, 200);
  });
}, { clock: fixedClock(`${TODAY}T10:00:00Z`) });
