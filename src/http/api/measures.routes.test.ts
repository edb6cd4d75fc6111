import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders, buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { EVIDENCE_MAX_BYTES } from '../../modules/measures/evidence.ts';
import { createMeasure } from '../../modules/measures/manage-measures.ts';
import { listMeasures } from '../../modules/measures/measures.queries.ts';
import { fixedClock } from '../../shared/clock.ts';
import { auditActions, call, workspaceWithToken } from './api.test-helpers.ts';

const TODAY = '2026-11-23';
const PDF = Buffer.from('%PDF-1.4\n% evidence\n%%EOF\n');

forEachDialect('measures API', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('answers 401 without credentials', async () => {
    const { slug } = await workspaceWithToken(ctx.db.deps);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/measures`)).status, 401);
    assert.equal((await call(app, 'POST', `/api/w/${slug}/measures`, {}, { category: 'events_logging', title: 'X' })).status, 401);
  });

  it('creates, reads, replaces, reviews and deletes a measure with an editor token, writing audit events', async () => {
    const { deps } = ctx.db;
    const { slug, headers, workspace } = await workspaceWithToken(deps);
    const created = await call(app, 'POST', `/api/w/${slug}/measures`, headers, { category: 'transmission_control', title: 'TLS everywhere', owner: 'Security team', reviewIntervalDays: 30 });
    assert.equal(created.status, 201);
    const m = created.body.data;
    assert.deepEqual(
      [m.category, m.categoryLabel, m.annexIIKey, m.annexIILabel, m.owner, m.reviewIntervalDays, m.lastReviewedOn, m.nextReviewOn, m.isOverdue, m.evidence],
      ['transmission_control', 'Transmission control', 'protection_during_transmission', 'Protection of data during transmission', 'Security team', 30, null, null, true, []],
    );
    assert.deepEqual((await call(app, 'GET', `/api/w/${slug}/measures/${m.id}`, headers)).body.data, m);
    const replaced = await call(app, 'PUT', `/api/w/${slug}/measures/${m.id}`, headers, { category: 'transmission_control', title: 'TLS 1.2+', lastReviewedOn: '2026-10-24', reviewIntervalDays: 30 });
    assert.deepEqual([replaced.status, replaced.body.data.nextReviewOn, replaced.body.data.isOverdue], [200, '2026-11-23', false]);
    const reviewed = await call(app, 'POST', `/api/w/${slug}/measures/${m.id}/reviews`, headers, {});
    assert.deepEqual([reviewed.status, reviewed.body.data.lastReviewedOn, reviewed.body.data.nextReviewOn], [200, TODAY, '2026-12-23']);
    const dated = await call(app, 'POST', `/api/w/${slug}/measures/${m.id}/reviews`, headers, { reviewedOn: '2026-10-01' });
    assert.equal(dated.body.data.lastReviewedOn, '2026-10-01');
    assert.equal(dated.body.data.isOverdue, true);
    const overdue = await call(app, 'GET', `/api/w/${slug}/measures?overdue=true`, headers);
    assert.deepEqual(overdue.body.data.map((x: { id: string }) => x.id), [m.id]);
    assert.equal((await call(app, 'DELETE', `/api/w/${slug}/measures/${m.id}`, headers)).status, 204);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/measures/${m.id}`, headers)).status, 404);
    assert.deepEqual((await auditActions(deps, workspace.id)).filter((a) => a.startsWith('measure.')), ['measure.created', 'measure.updated', 'measure.reviewed', 'measure.reviewed', 'measure.deleted']);
  });

  const invalidCases: Array<[string, Record<string, unknown>, string]> = [
    ['an unknown category', { category: 'vibes', title: 'X' }, 'category: must be a key of the measure catalogue, e.g. physical_access_control or events_logging (the API documentation lists them all)'],
    ['a missing title', { category: 'events_logging' }, 'title: is required'],
    ['an interval of zero', { category: 'events_logging', title: 'X', reviewIntervalDays: 0 }, 'reviewIntervalDays: must be a whole number of days from 1 to 3650'],
    ['an interval of the wrong JSON type', { category: 'events_logging', title: 'X', reviewIntervalDays: '30' }, 'reviewIntervalDays: must be integer,null'],
    ['a review date in the future', { category: 'events_logging', title: 'X', lastReviewedOn: '2026-11-24' }, 'lastReviewedOn: must not be in the future (today is 2026-11-23)'],
    ['a review date that is no date', { category: 'events_logging', title: 'X', lastReviewedOn: '2026-02-30' }, 'lastReviewedOn: must be a date written YYYY-MM-DD'],
  ];
  for (const [what, body, message] of invalidCases) {
    it(`answers 400 naming the field for ${what}, and stores nothing`, async () => {
      const { slug, headers, workspace } = await workspaceWithToken(ctx.db.deps);
      const res = await call(app, 'POST', `/api/w/${slug}/measures`, headers, body);
      assert.deepEqual([res.status, res.body.error, res.body.message], [400, 'validation_error', message]);
      assert.equal((await listMeasures(ctx.db.deps.db, workspace.id, TODAY)).length, 0);
    });
  }

  it('adds a base64 file and a link as evidence, serves the file back with its SHA-256, and removes it', async () => {
    const { deps } = ctx.db;
    const { slug, headers, workspace, scope } = await workspaceWithToken(deps);
    const m = await createMeasure(deps, scope, { category: 'certification_assurance', title: 'ISO 27001' });
    const file = await call(app, 'POST', `/api/w/${slug}/measures/${m.id}/evidence`, headers, { file: PDF.toString('base64'), fileName: 'certificate.pdf', contentType: 'application/pdf', label: 'Certificate' });
    assert.equal(file.status, 201);
    const sha = createHash('sha256').update(PDF).digest('hex');
    assert.deepEqual([file.body.data.kind, file.body.data.label, file.body.data.byteSize, file.body.data.sha256], ['file', 'Certificate', PDF.length, sha]);
    const link = await call(app, 'POST', `/api/w/${slug}/measures/${m.id}/evidence`, headers, { url: 'https://certs.example/iso' });
    assert.deepEqual([link.status, link.body.data.kind, link.body.data.url], [201, 'link', 'https://certs.example/iso']);

    const viewer = await apiTokenHeaders(deps, workspace.id, 'viewer');
    const download = await app.inject({ url: `/api/w/${slug}/measures/${m.id}/evidence/${file.body.data.id}`, headers: viewer });
    assert.equal(download.statusCode, 200);
    assert.ok(download.rawPayload.equals(PDF));
    assert.deepEqual([download.headers['content-type'], download.headers['x-content-type-options'], download.headers['x-content-sha256']], ['application/pdf', 'nosniff', sha]);
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="certificate\.pdf"/);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/measures/${m.id}/evidence/${link.body.data.id}`, headers)).status, 404);

    assert.equal((await call(app, 'DELETE', `/api/w/${slug}/measures/${m.id}/evidence/${file.body.data.id}`, headers)).status, 204);
    const left = (await call(app, 'GET', `/api/w/${slug}/measures/${m.id}`, headers)).body.data.evidence;
    assert.deepEqual(left.map((e: { kind: string }) => e.kind), ['link']);
    assert.deepEqual((await auditActions(deps, workspace.id)).filter((a) => a.startsWith('measure.evidence')), ['measure.evidence_added', 'measure.evidence_added', 'measure.evidence_removed']);
  });

  it('refuses evidence naming the field: a file over 5 MiB, bad base64, a non-http link, an unlisted type', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope } = await workspaceWithToken(deps);
    const m = await createMeasure(deps, scope, { category: 'regular_testing', title: 'Pentest' });
    const big = Buffer.concat([PDF, Buffer.alloc(EVIDENCE_MAX_BYTES)]).toString('base64');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ file: big, fileName: 'big.pdf', contentType: 'application/pdf' }, 'file: is larger than the 5 MiB limit'],
      [{ file: 'not base64!', fileName: 'x.pdf' }, 'file: must be base64 text'],
      [{ url: 'file:///etc/passwd' }, 'url: must be an http or https address'],
      [{ file: Buffer.from('<script>').toString('base64'), fileName: 'x.html', contentType: 'text/html' }, 'contentType: must be a PDF, PNG, JPEG, plain text, Markdown, CSV, Word (docx) or Excel (xlsx) file'],
    ];
    for (const [body, message] of cases) {
      const res = await call(app, 'POST', `/api/w/${slug}/measures/${m.id}/evidence`, headers, body);
      assert.deepEqual([res.status, res.body.error, res.body.message], [400, 'validation_error', message]);
    }
    assert.equal((await call(app, 'GET', `/api/w/${slug}/measures/${m.id}`, headers)).body.data.evidence.length, 0);
  });

  it('lets a viewer token read but answers 403 to every change', async () => {
    const { deps } = ctx.db;
    const { slug, headers, scope } = await workspaceWithToken(deps, 'viewer');
    const m = await createMeasure(deps, scope, { category: 'accountability', title: 'Audit log' });
    assert.equal((await call(app, 'GET', `/api/w/${slug}/measures`, headers)).status, 200);
    assert.equal((await call(app, 'GET', `/api/w/${slug}/measures/${m.id}`, headers)).status, 200);
    const writes = [
      await call(app, 'POST', `/api/w/${slug}/measures`, headers, { category: 'accountability', title: 'X' }),
      await call(app, 'PUT', `/api/w/${slug}/measures/${m.id}`, headers, { category: 'accountability', title: 'X' }),
      await call(app, 'DELETE', `/api/w/${slug}/measures/${m.id}`, headers),
      await call(app, 'POST', `/api/w/${slug}/measures/${m.id}/reviews`, headers, {}),
      await call(app, 'POST', `/api/w/${slug}/measures/${m.id}/evidence`, headers, { url: 'https://x.example' }),
      await call(app, 'DELETE', `/api/w/${slug}/measures/${m.id}/evidence/none`, headers),
    ];
    assert.deepEqual(writes.map((r) => [r.status, r.body.error]), writes.map(() => [403, 'forbidden']));
  });

  it('documents every measures route in the OpenAPI document, the download as a file', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json();
    const paths = Object.keys(doc.paths).filter((p) => p.includes('/measures'));
    assert.deepEqual(paths.sort(), ['/api/w/{slug}/measures', '/api/w/{slug}/measures/{id}', '/api/w/{slug}/measures/{id}/evidence', '/api/w/{slug}/measures/{id}/evidence/{evidenceId}', '/api/w/{slug}/measures/{id}/reviews']);
    const download = doc.paths['/api/w/{slug}/measures/{id}/evidence/{evidenceId}'].get;
    assert.equal(download['x-min-role'], 'viewer');
    assert.deepEqual(download.responses['200'].content['application/pdf'].schema, { type: 'string', format: 'binary' });
    assert.ok(doc.tags.some((t: { name: string }) => t.name === 'Measures'));
  });
}, { clock: fixedClock(`${TODAY}T10:00:00Z`) });
