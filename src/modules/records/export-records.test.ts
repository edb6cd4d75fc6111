import assert from 'node:assert/strict';
import { it } from 'node:test';
import { extractText } from 'unpdf';
import { buildCustomer, buildEngagement, buildService, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { publishListVersion } from '../publishing/publish-list-version.ts';
import { createActivity } from './manage-activities.ts';
import { loadRecord, parseRecordRequest, renderRecord } from './export-records.ts';
import { PROCESSOR_CSV_HEADER } from './records-csv.ts';
import { RECORD_IDS, RECORDS_JSONLD_CONTEXT } from './records-jsonld.ts';
import { DCT, DPV, expandJsonLd } from '../public-list/jsonld-expand.test-helpers.ts';

const TODAY = '2026-06-01';

/** The rows of an RFC 4180 text (quoted cells may hold commas, quotes and new lines). */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  return rows;
}
const ACTIVITY = { role: 'processor', purposes: ['Hosting'], dataSubjects: ['End users'], dataCategories: ['user.contact.email', 'Log files'] };

it('names the bad option of an export request', () => {
  assert.throws(() => parseRecordRequest({ kind: 'processor', format: 'xls' }), /format: must be one of json, csv, jsonld, pdf/);
  assert.throws(() => parseRecordRequest({ format: 'csv' }), /kind: is required/);
  assert.throws(() => parseRecordRequest({ kind: 'controller', format: 'csv', customer: 'x' }), /customer: applies to the processor record only/);
  assert.deepEqual(parseRecordRequest({ customer: 'abc' }, { kind: 'processor', format: 'json' }), { kind: 'processor', customerId: 'abc', format: 'json' });
});

forEachDialect('record exports', (ctx) => {
  let workspaceId: string;
  let customerId: string;
  let billingId: string;
  const setUp = async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps, { slug: `exp-${Date.now().toString(36)}`, name: 'Acme Cloud' });
    workspaceId = scope.workspaceId;
    await deps.db.updateTable('workspaces').set({ dpo_contact: 'Ada Lovelace, dpo@acme.test', representative: 'Acme EU Rep BV, Amsterdam' }).where('id', '=', workspaceId).execute();
    await buildService(deps, scope, { slug: 'paas', name: 'PaaS' });
    await createActivity(deps, scope, { ...ACTIVITY, name: '=HYPERLINK("http://evil.test")', nature: 'Storage, "as is"\nand backups' });
    await createActivity(deps, scope, { ...ACTIVITY, name: 'Application hosting', retention: 'Deleted 30 days after the contract ends', services: ['paas'] });
    billingId = (await createActivity(deps, scope, {
      ...ACTIVITY, role: 'controller', name: 'Billing', legalBasis: 'contract', jointControllers: ['Acme Holding SA, privacy@holding.test'], recipients: ['Payment providers'],
    })).id;
    await buildEngagement(deps, scope, { countries: ['US'], transferMechanisms: ['scc-2021'], purpose: 'Cloud hosting' });
    await buildEngagement(deps, scope, { context: 'controller', role: 'subcontractor', countries: ['IE'], purpose: 'Payments' });
    customerId = (await buildCustomer(deps, scope, {
      name: 'Globex SA', services: ['paas'], dpoContact: 'Jane Roe, dpo@globex.test', representative: 'Globex EU Rep SARL, Paris',
    })).id;
    await buildCustomer(deps, scope, { name: 'Initech' });
    // A customer's record lists the sub-processors in effect for it: those of a published version.
    await publishListVersion(deps, scope, { currentAsOf: TODAY });
  };

  it('writes one CSV row per activity and customer, quoted per RFC 4180 and safe from formulas', async () => {
    await setUp();
    const data = await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'processor', customerId: null }, TODAY);
    const file = await renderRecord(data, 'csv', 'acme');
    const text = file.body as string;
    assert.equal(file.contentType, 'text/csv; charset=utf-8');
    assert.ok(text.startsWith(`\uFEFF${PROCESSOR_CSV_HEADER.join(',')}\r\n`));
    assert.ok(PROCESSOR_CSV_HEADER.includes('customer_dpo') && PROCESSOR_CSV_HEADER.includes('customer_representative') && PROCESSOR_CSV_HEADER.includes('processor_representative'));
    const globex = csvRows(text).find((row) => row[0] === 'Globex SA');
    assert.ok(globex);
    const col = (name: (typeof PROCESSOR_CSV_HEADER)[number]) => globex[PROCESSOR_CSV_HEADER.indexOf(name)];
    assert.deepEqual([col('customer_dpo'), col('customer_representative'), col('processor_representative')], ['Jane Roe, dpo@globex.test', 'Globex EU Rep SARL, Paris', 'Acme EU Rep BV, Amsterdam']);
    assert.equal(col('data_categories'), 'user.contact.email; Log files', 'machines keep the keys');
    assert.equal(col('data_category_names'), 'User Contact Email; Log files', 'people get the names');
    assert.ok(text.includes(`,"'=HYPERLINK(""http://evil.test"")",`), 'the formula is neutralised and its quotes doubled');
    assert.ok(text.includes('"Storage, ""as is""\nand backups"'), 'commas, quotes and new lines stay inside one quoted cell');
    assert.ok(text.includes('(US): Standard contractual clauses (2021)'), 'the sub-processor and its transfer are listed as a neutral fact');
    assert.ok(!text.includes('appropriate safeguards (Art 46)') && !text.includes('no valid basis'), 'never the engine’s judgement');
    // Globex (paas) gets both processor activities, Initech (all services) too: 2 × 2 rows + header.
    assert.equal(text.split('\r\n').filter(Boolean).length, 5);
    assert.ok(!text.includes('Billing'), 'controller activities stay out of the processor record');
  });

  it('gives JSON-LD with the static DPV context, dpv:Process nodes and DPV legal bases', async () => {
    const processor = JSON.parse((await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'processor', customerId }, TODAY), 'jsonld', 'acme')).body as string);
    assert.deepEqual(processor['@context'], JSON.parse(JSON.stringify(RECORDS_JSONLD_CONTEXT)));
    assert.equal(processor['@context'].dpv, 'https://w3id.org/dpv#');
    assert.equal(processor['dpv:hasProcess'].length, 2);
    const node = processor['dpv:hasProcess'].find((n: { 'schema:name': string }) => n['schema:name'] === 'Application hosting');
    assert.equal(node['@type'], 'dpv:Process');
    assert.equal(node['dpv:hasDataController']['schema:name'], 'Globex SA');
    assert.equal(node['dpv:hasDataProcessor']['@type'], 'dpv:DataProcessor');
    assert.deepEqual(node['dpv:hasPersonalData'][0], { '@type': 'dpv:PersonalData', 'schema:name': 'User Contact Email', 'dct:identifier': 'user.contact.email' });
    assert.equal(node['dpv:hasStorageCondition']['@type'], 'dpv:StorageDuration');
    assert.ok(node['dpv:hasRecipient'].some((r: { '@type': string; 'dpv:hasLocation': { '@id': string } }) => r['@type'] === 'dpv:DataSubProcessor' && r['dpv:hasLocation']['@id'] === 'loc:US'));
    const controller = JSON.parse((await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'controller', customerId: null }, TODAY), 'jsonld', 'acme')).body as string);
    assert.deepEqual(controller['dpv:hasProcess'][0]['dpv:hasLegalBasis'], [{ '@id': 'dpv:Contract' }, { '@id': 'eu-gdpr:A6-1-b' }]);
  });

  it("names each party's DPO and representative and an activity's joint controllers in the JSON-LD", async () => {
    const processor = JSON.parse((await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'processor', customerId }, TODAY), 'jsonld', 'acme')).body as string);
    assert.deepEqual(processor['dpv:hasDataController']['dpv:hasDataProtectionOfficer'], { '@type': 'dpv:DataProtectionOfficer', 'dct:description': 'Jane Roe, dpo@globex.test' });
    assert.deepEqual(processor['dpv:hasDataController']['dpv:hasRepresentative'], { '@type': 'dpv:Representative', 'dct:description': 'Globex EU Rep SARL, Paris' });
    assert.deepEqual(processor['dpv:hasDataProcessor']['dpv:hasRepresentative'], { '@type': 'dpv:Representative', 'dct:description': 'Acme EU Rep BV, Amsterdam' });
    const controller = JSON.parse((await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'controller', customerId: null }, TODAY), 'jsonld', 'acme')).body as string);
    assert.deepEqual(controller['dpv:hasDataController']['dpv:hasDataProtectionOfficer']['dct:description'], 'Ada Lovelace, dpo@acme.test');
    assert.deepEqual(controller['dpv:hasProcess'][0]['dpv:hasJointDataControllers'], {
      '@type': 'dpv:JointDataControllers',
      'dpv:hasDataController': [{ '@id': RECORD_IDS.workspace(workspaceId) }, { '@type': 'dpv:DataController', 'dct:description': 'Acme Holding SA, privacy@holding.test' }],
    });
  });

  it('types an engagement used as controller as an independent controller among the recipients of the Art 30(1) record, not as a sub-processor', async () => {
    const controller = JSON.parse((await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'controller', customerId: null }, TODAY), 'jsonld', 'acme')).body as string);
    const recipients = controller['dpv:hasProcess'][0]['dpv:hasRecipient'];
    assert.deepEqual(recipients.map((r: { '@type': unknown }) => r['@type']), ['dpv:Recipient', ['dpv:DataController', 'dpv:Recipient']]);
    assert.equal(JSON.stringify(controller).includes('DataSubProcessor'), false);
  });

  it('gives the record an @id and reaches its activities from it in the default graph, as a JSON-LD processor expands it', async () => {
    const data = await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'processor', customerId }, TODAY);
    const doc = JSON.parse((await renderRecord(data, 'jsonld', 'acme')).body as string);
    assert.equal('@graph' in doc, false, 'a top-level @graph beside the record would be a graph of its own');
    const recordId = `urn:trustroom:records:${workspaceId}:processor:${customerId}`;
    const activityIds = data.kind === 'processor' ? data.records[0].activities.map((a) => `${recordId}:activity:${a.id}`) : [];
    const expanded = expandJsonLd(doc);
    assert.equal(expanded.length, 1, 'one top-level node');
    const [top] = expanded;
    // The expanded record, by hand (only the keys that say what it is and what it reaches).
    assert.deepEqual({ '@id': top['@id'], '@type': top['@type'], created: top[`${DCT}created`], source: top[`${DCT}source`] }, {
      '@id': recordId, '@type': ['urn:trustroom:vocab:RecordOfProcessing'],
      created: [{ '@value': TODAY, '@type': 'http://www.w3.org/2001/XMLSchema#date' }], source: [{ '@id': 'http://data.europa.eu/eli/reg/2016/679/art_30/oj' }],
    });
    const processes = top[`${DPV}hasProcess`] as Array<Record<string, unknown>>;
    assert.deepEqual(processes.map((p) => [p['@id'], p['@type']]), activityIds.map((id) => [id, [`${DPV}Process`]]));
    assert.deepEqual((processes[0][`${DPV}hasDataController`] as Array<Record<string, unknown>>)[0]['@id'], `urn:trustroom:customer:${customerId}`);

    const all = JSON.parse((await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'processor', customerId: null }, TODAY), 'jsonld', 'acme')).body as string);
    const [set] = expandJsonLd(all);
    assert.equal(set['@id'], `urn:trustroom:records:${workspaceId}:processor`);
    const parts = set[`${DCT}hasPart`] as Array<Record<string, unknown>>;
    assert.equal(parts.length, 2, 'one record per customer');
    assert.ok(parts.every((p) => typeof p['@id'] === 'string' && (p[`${DPV}hasProcess`] as unknown[]).length === 2));
    const [controller] = expandJsonLd(JSON.parse((await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'controller', customerId: null }, TODAY), 'jsonld', 'acme')).body as string));
    assert.equal(controller['@id'], `urn:trustroom:records:${workspaceId}:controller`);
    assert.deepEqual((controller[`${DPV}hasProcess`] as Array<{ '@id': string }>).map((p) => p['@id']), [`urn:trustroom:records:${workspaceId}:controller:activity:${billingId}`]);
  });

  it("renders a PDF whose text names the customer and its activities", async () => {
    const file = await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'processor', customerId }, TODAY), 'pdf', 'acme');
    assert.equal(file.contentType, 'application/pdf');
    assert.ok(Buffer.isBuffer(file.body));
    const { text } = await extractText(new Uint8Array(file.body as Buffer), { mergePages: true });
    assert.match(text, /Record of processing for Globex SA/);
    assert.match(text, /Application hosting/);
    assert.match(text, /Acme Cloud/);
    assert.match(text, /Globex EU Rep SARL/);
    assert.match(text, /Jane Roe, dpo@globex\.test/);
    assert.match(text, /Acme EU Rep BV/);
    assert.doesNotMatch(text, /particulars to complete|not recorded/, 'the record a customer or authority may read carries no warning');
    const controller = await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'controller', customerId: null }, TODAY), 'pdf', 'acme');
    const { text: controllerText } = await extractText(new Uint8Array(controller.body as Buffer), { mergePages: true });
    assert.match(controllerText, /Joint controllers/);
    assert.match(controllerText, /Acme Holding SA/);
  });

  it('exports the JSON of a record with what it is and when it was generated', async () => {
    const body = JSON.parse((await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'controller', customerId: null }, TODAY), 'json', 'acme')).body as string);
    assert.equal(body.kind, 'controller');
    assert.equal(body.generatedOn, TODAY);
    assert.deepEqual(body.record.activities.map((a: { name: string }) => a.name), ['Billing']);
    assert.deepEqual(body.record.jointControllers, ['Acme Holding SA, privacy@holding.test']);
    assert.equal(body.record.controller.representative, 'Acme EU Rep BV, Amsterdam');
    assert.ok(Array.isArray(body.warnings));
    const processor = JSON.parse((await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'processor', customerId }, TODAY), 'json', 'acme')).body as string);
    assert.deepEqual([processor.records[0].controller.dpoContact, processor.records[0].controller.representative], ['Jane Roe, dpo@globex.test', 'Globex EU Rep SARL, Paris']);
    assert.equal(processor.records[0].processor.representative, 'Acme EU Rep BV, Amsterdam');
  });

  it('lists each empty mandatory particular under warnings in the JSON, and in no other format', async () => {
    const data = await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'controller', customerId: null }, TODAY);
    const body = JSON.parse((await renderRecord(data, 'json', 'acme')).body as string);
    const byParticular = (p: string) => body.warnings.filter((w: { particular: string }) => w.particular === p);
    // The workspace has no contact person or e-mail, Billing no erasure limits, and no measure is in the catalogue.
    assert.deepEqual(body.warnings.map((w: { particular: string }) => w.particular).sort(), ['controller_contact', 'erasure_time_limits', 'measures']);
    assert.deepEqual(byParticular('erasure_time_limits')[0], {
      particular: 'erasure_time_limits', article: 'Art 30(1)(f)', when: 'where_possible', customerId: null, activityId: billingId,
      message: 'Activity “Billing”: envisaged time limits for erasure — not recorded (Art 30(1)(f), where possible)',
    });
    for (const format of ['csv', 'jsonld', 'pdf'] as const) {
      const file = await renderRecord(data, format, 'acme');
      const text = format === 'pdf' ? (await extractText(new Uint8Array(file.body as Buffer), { mergePages: true })).text : file.body as string;
      assert.doesNotMatch(text, /not recorded|warnings/, format);
    }
  });
});
