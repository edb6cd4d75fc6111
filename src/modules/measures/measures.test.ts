import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildWorkspace } from '../../../test/factories.ts';
import { fixedClock } from '../../shared/clock.ts';
import type { Deps } from '../../shared/deps.ts';
import type { AppError } from '../../shared/errors.ts';
import { EVIDENCE_MAX_BYTES, parseEvidenceLink, resolveEvidenceType } from './evidence.ts';
import { categoriesOf, measureCatalogue } from './measure-catalogue.ts';
import { addEvidenceFile, addEvidenceLink, createMeasure, deleteMeasure, recordReview, removeEvidence, updateMeasure } from './manage-measures.ts';
import { isOverdue, parseMeasureInput } from './measures.ts';
import { findMeasure, listMeasures, readEvidenceFile } from './measures.queries.ts';
import { seedDemoMeasures, seedMeasureCatalogue } from './seed-measures.ts';

const TODAY = '2026-11-23';
const fieldsOf = (e: unknown) => ((e as AppError).data as { fields: { field: string }[] }).fields.map((f) => f.field);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << >> endobj\n%%EOF\n')]);

it('holds the seven categories of the DPA §10 and the seventeen Annex II examples, each with a suggested measure', () => {
  const cat = measureCatalogue();
  assert.match(cat.version, /^\d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(categoriesOf('dpa-004').map((c) => c.key), [
    'physical_access_control', 'system_access_control', 'data_access_control', 'transmission_control', 'input_control', 'availability_control', 'separation_control',
  ]);
  const annex = categoriesOf('annex-ii');
  assert.equal(annex.length, 17);
  assert.ok(annex.every((c) => c.source === 'SCC 2021/914 Annex II' && c.annexII === c.key && c.suggested.title));
  assert.equal(categoriesOf('dpa-004').find((c) => c.key === 'transmission_control')?.annexII, 'protection_during_transmission');
  assert.equal(categoriesOf('dpa-004').find((c) => c.key === 'separation_control')?.annexII, null);
});

it('counts a review as overdue only from the day after the last review plus the interval', () => {
  assert.equal(isOverdue(null, 365, TODAY), true, 'never reviewed');
  assert.equal(isOverdue('2026-10-24', 30, '2026-11-23'), false, 'due today: not overdue yet');
  assert.equal(isOverdue('2026-10-24', 30, '2026-11-24'), true, 'the day after');
  assert.equal(isOverdue('2025-11-23', 365, '2026-11-23'), false);
  assert.equal(isOverdue('2024-02-29', 365, '2025-02-28'), false, 'leap day plus a year lands on 28 February');
  assert.equal(isOverdue('2024-02-29', 365, '2025-03-01'), true);
});

it('names every bad field of a measure: category, title, interval and a review date in the future or not a date', () => {
  assert.throws(() => parseMeasureInput({ category: 'feng_shui', title: '', reviewIntervalDays: 0, lastReviewedOn: '2026-11-24', owner: 'x'.repeat(201) }, TODAY), (e: unknown) => {
    assert.equal((e as AppError).code, 'validation_error');
    assert.deepEqual(fieldsOf(e), ['category', 'title', 'owner', 'reviewIntervalDays', 'lastReviewedOn']);
    assert.match((e as AppError).message, /reviewIntervalDays: must be a whole number of days from 1 to 3650/);
    assert.match((e as AppError).message, /lastReviewedOn: must not be in the future \(today is 2026-11-23\)/);
    return true;
  });
  assert.throws(() => parseMeasureInput({ category: 'events_logging', title: 'Logs', lastReviewedOn: '2026-02-30', reviewIntervalDays: '3651' }, TODAY),
    (e: unknown) => fieldsOf(e).join() === 'reviewIntervalDays,lastReviewedOn');
  const ok = parseMeasureInput({ category: 'events_logging', title: ' Logs ', reviewIntervalDays: '', lastReviewedOn: TODAY }, TODAY);
  assert.deepEqual(ok, { category: 'events_logging', title: 'Logs', description: '', owner: null, reviewIntervalDays: 365, lastReviewedOn: TODAY });
});

it('accepts only http and https links, and types files by their declared type or else their extension', () => {
  assert.throws(() => parseEvidenceLink({ url: 'javascript:alert(1)' }), (e: unknown) => fieldsOf(e).join() === 'url');
  assert.throws(() => parseEvidenceLink({ url: 'ftp://files.example/x' }), (e: unknown) => fieldsOf(e).join() === 'url');
  assert.deepEqual(parseEvidenceLink({ url: 'https://status.example/report' }), { url: 'https://status.example/report', label: 'https://status.example/report' });
  assert.equal(resolveEvidenceType('application/pdf', 'x.bin'), 'application/pdf');
  assert.equal(resolveEvidenceType('application/octet-stream', 'notes.MD'), 'text/markdown');
  assert.equal(resolveEvidenceType('', 'policy.docx'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  assert.equal(resolveEvidenceType('text/html', 'page.txt'), null);
  assert.equal(resolveEvidenceType(null, 'image.svg'), null);
});

forEachDialect('measures', (ctx) => {
  const deps = (): Deps => ctx.db.deps;
  const auditOf = async (workspaceId: string) =>
    (await deps().db.selectFrom('audit_events').select(['action', 'subject_id', 'after_json']).where('workspace_id', '=', workspaceId).where('action', 'like', 'measure.%').orderBy('seq').execute());

  it('creates, replaces and deletes a measure, each with its audit event, and rejects a duplicate title', async () => {
    const { scope } = await buildWorkspace(deps());
    const m = await createMeasure(deps(), scope, { category: 'events_logging', title: 'Central logging', description: 'All access is logged.', owner: 'Security team', reviewIntervalDays: 180, lastReviewedOn: '2026-11-01' });
    assert.deepEqual([m.categoryLabel, m.annexIIKey, m.owner, m.reviewIntervalDays, m.nextReviewOn, m.isOverdue], ['Events logging', 'events_logging', 'Security team', 180, '2027-04-30', false]);
    await assert.rejects(createMeasure(deps(), scope, { category: 'input_control', title: 'Central logging' }), (e: unknown) => (e as AppError).code === 'measure_exists' && (e as AppError).message.startsWith('title:'));
    const updated = await updateMeasure(deps(), scope, m.id, { category: 'input_control', title: 'Input control', lastReviewedOn: '' });
    assert.deepEqual([updated.category, updated.annexIIKey, updated.lastReviewedOn, updated.isOverdue, updated.reviewIntervalDays], ['input_control', 'events_logging', null, true, 365]);
    await deleteMeasure(deps(), scope, m.id);
    assert.equal(await findMeasure(deps().db, scope.workspaceId, m.id, TODAY), undefined);
    const audit = await auditOf(scope.workspaceId);
    assert.deepEqual(audit.map((a) => a.action), ['measure.created', 'measure.updated', 'measure.deleted']);
    assert.ok(audit.every((a) => a.subject_id === m.id));
  });

  it('rejects bad input with a validation error naming the fields and stores nothing', async () => {
    const { scope } = await buildWorkspace(deps());
    await assert.rejects(createMeasure(deps(), scope, { category: 'nope', reviewIntervalDays: 'weekly' }), (e: unknown) => {
      assert.equal((e as AppError).status, 400);
      assert.deepEqual(fieldsOf(e), ['category', 'title', 'reviewIntervalDays']);
      return true;
    });
    assert.equal((await listMeasures(deps().db, scope.workspaceId, TODAY)).length, 0);
    assert.equal((await auditOf(scope.workspaceId)).length, 0);
  });

  it('lists measures in catalogue order, and records a review on a given date or today', async () => {
    const { scope } = await buildWorkspace(deps());
    const later = await createMeasure(deps(), scope, { category: 'portability_and_erasure', title: 'Export' });
    await createMeasure(deps(), scope, { category: 'physical_access_control', title: 'Badges' });
    await createMeasure(deps(), scope, { category: 'physical_access_control', title: 'Guards' });
    assert.deepEqual((await listMeasures(deps().db, scope.workspaceId, TODAY)).map((m) => m.title), ['Badges', 'Guards', 'Export']);
    const reviewed = await recordReview(deps(), scope, later.id, { reviewedOn: '2026-01-10' });
    assert.deepEqual([reviewed.lastReviewedOn, reviewed.nextReviewOn], ['2026-01-10', '2027-01-10']);
    await assert.rejects(recordReview(deps(), scope, later.id, { reviewedOn: '2999-01-01' }), (e: unknown) => fieldsOf(e).join() === 'reviewedOn');
    const today = await recordReview(deps(), scope, later.id);
    // The workspace is in UTC: "today" is the clock's UTC date.
    assert.equal(today.lastReviewedOn, new Date().toISOString().slice(0, 10));
    const events = (await auditOf(scope.workspaceId)).filter((a) => a.action === 'measure.reviewed');
    assert.equal(events.length, 2);
    assert.equal(JSON.parse(events[0].after_json as string).lastReviewedOn, '2026-01-10');
  });

  it('stores an evidence file with its SHA-256, gives the same bytes back, and removes it with audit events', async () => {
    const { scope } = await buildWorkspace(deps());
    const m = await createMeasure(deps(), scope, { category: 'regular_testing', title: 'Penetration test' });
    const file = await addEvidenceFile(deps(), scope, m.id, { bytes: PDF, fileName: 'C:\\reports\\pentest-2026.pdf', contentType: 'application/pdf' });
    const link = await addEvidenceLink(deps(), scope, m.id, { url: 'https://tickets.example/SEC-12', label: 'Ticket SEC-12' });
    const sha = createHash('sha256').update(PDF).digest('hex');
    assert.deepEqual([file.kind, file.fileName, file.label, file.contentType, file.byteSize, file.sha256], ['file', 'pentest-2026.pdf', 'pentest-2026.pdf', 'application/pdf', PDF.length, sha]);
    const back = await readEvidenceFile(deps().db, scope.workspaceId, m.id, file.id);
    assert.ok(back && back.bytes.equals(PDF));
    assert.equal(back?.sha256, sha);
    assert.equal(await readEvidenceFile(deps().db, scope.workspaceId, m.id, link.id), undefined, 'a link has no file');
    assert.deepEqual((await findMeasure(deps().db, scope.workspaceId, m.id, TODAY))?.evidence.map((e) => e.label), ['pentest-2026.pdf', 'Ticket SEC-12']);
    await removeEvidence(deps(), scope, m.id, file.id);
    assert.equal(await readEvidenceFile(deps().db, scope.workspaceId, m.id, file.id), undefined);
    const audit = await auditOf(scope.workspaceId);
    assert.deepEqual(audit.map((a) => a.action), ['measure.created', 'measure.evidence_added', 'measure.evidence_added', 'measure.evidence_removed']);
    const added = JSON.parse(audit[1].after_json as string);
    assert.equal(added.sha256, sha);
    assert.ok(!JSON.stringify(audit).includes(PDF.toString('base64')), 'no file content in the audit log');
  });

  it('refuses a file over 5 MiB naming file, a file that is not what its type says, and an unknown type, storing nothing', async () => {
    const { scope } = await buildWorkspace(deps());
    const m = await createMeasure(deps(), scope, { category: 'regular_testing', title: 'Scan' });
    const big = Buffer.concat([PDF, Buffer.alloc(EVIDENCE_MAX_BYTES)]);
    const cases: Array<[Parameters<typeof addEvidenceFile>[3], string, RegExp]> = [
      [{ bytes: big, fileName: 'big.pdf', contentType: 'application/pdf' }, 'file', /file: is larger than the 5 MiB limit/],
      [{ bytes: Buffer.from('<html>'), fileName: 'fake.pdf', contentType: 'application/pdf' }, 'file', /file: is not a PDF/],
      [{ bytes: Buffer.from('<svg/>'), fileName: 'x.svg', contentType: 'image/svg+xml' }, 'contentType', /contentType: must be a PDF, PNG/],
      [{ bytes: Buffer.from([0xff, 0xfe, 0x00]), fileName: 'x.txt', contentType: 'text/plain' }, 'file', /must be UTF-8 text/],
      [{ bytes: null }, 'file', /file: is required/],
    ];
    for (const [input, field, message] of cases) {
      await assert.rejects(addEvidenceFile(deps(), scope, m.id, input), (e: unknown) => {
        assert.equal((e as AppError).status, 400);
        assert.deepEqual(fieldsOf(e), [field]);
        assert.match((e as AppError).message, message);
        return true;
      });
    }
    assert.equal((await findMeasure(deps().db, scope.workspaceId, m.id, TODAY))?.evidence.length, 0);
  });

  it('seeds a catalogue set once: a second run creates nothing, and the demo gives Scalingo its reviewed DPA measures', async () => {
    const { scope } = await buildWorkspace(deps());
    const first = await seedMeasureCatalogue(deps(), scope, { from: 'annex-ii' });
    assert.equal(first.length, 17);
    assert.ok(first.every((m) => m.isOverdue && m.lastReviewedOn === null));
    assert.deepEqual(await seedMeasureCatalogue(deps(), scope, { from: 'annex-ii' }), []);
    const demo = await buildWorkspace(deps());
    await seedDemoMeasures(deps(), demo.scope, 'scalingo');
    const measures = await listMeasures(deps().db, demo.scope.workspaceId, '2026-11-23');
    assert.equal(measures.length, 7);
    assert.ok(measures.every((m) => m.owner === 'Security team' && m.lastReviewedOn === '2026-06-01' && m.nextReviewOn === '2027-06-01' && !m.isOverdue));
  });
});

forEachDialect('measures on a fixed day', (ctx) => {
  it('flags a measure overdue from the day after its due date, in the list and on its own', async () => {
    const { scope } = await buildWorkspace(ctx.db.deps);
    const due = await createMeasure(ctx.db.deps, scope, { category: 'events_logging', title: 'Due today', reviewIntervalDays: 10, lastReviewedOn: '2026-03-05' });
    await createMeasure(ctx.db.deps, scope, { category: 'events_logging', title: 'Due yesterday', reviewIntervalDays: 10, lastReviewedOn: '2026-03-04' });
    const list = await listMeasures(ctx.db.deps.db, scope.workspaceId, '2026-03-15');
    assert.deepEqual(list.map((m) => [m.title, m.nextReviewOn, m.isOverdue]), [['Due today', '2026-03-15', false], ['Due yesterday', '2026-03-14', true]]);
    assert.equal((await findMeasure(ctx.db.deps.db, scope.workspaceId, due.id, '2026-03-16'))?.isOverdue, true);
    await assert.rejects(createMeasure(ctx.db.deps, scope, { category: 'events_logging', title: 'Tomorrow', lastReviewedOn: '2026-03-16' }), (e: unknown) => fieldsOf(e).join() === 'lastReviewedOn');
  });
}, { clock: fixedClock('2026-03-15T12:00:00Z') });
