import assert from 'node:assert/strict';
import { it } from 'node:test';
import { extractText } from 'unpdf';
import { buildCustomer, buildEngagement, buildService, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { createActivity } from './manage-activities.ts';
import { loadRecord, parseRecordRequest, renderRecord } from './export-records.ts';
import { PROCESSOR_CSV_HEADER } from './records-csv.ts';
import { RECORDS_JSONLD_CONTEXT } from './records-jsonld.ts';

const TODAY = '2026-06-01';
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
  const setUp = async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps, { slug: `exp-${Date.now().toString(36)}`, name: 'Acme Cloud' });
    workspaceId = scope.workspaceId;
    await buildService(deps, scope, { slug: 'paas', name: 'PaaS' });
    await createActivity(deps, scope, { ...ACTIVITY, name: '=HYPERLINK("http://evil.test")', nature: 'Storage, "as is"\nand backups' });
    await createActivity(deps, scope, { ...ACTIVITY, name: 'Application hosting', retention: 'Deleted 30 days after the contract ends', services: ['paas'] });
    await createActivity(deps, scope, { ...ACTIVITY, role: 'controller', name: 'Billing', legalBasis: 'contract' });
    await buildEngagement(deps, scope, { countries: ['US'], transferMechanisms: ['scc-2021'], purpose: 'Cloud hosting' });
    customerId = (await buildCustomer(deps, scope, { name: 'Globex SA', services: ['paas'] })).id;
    await buildCustomer(deps, scope, { name: 'Initech' });
  };

  it('writes one CSV row per activity and customer, quoted per RFC 4180 and safe from formulas', async () => {
    await setUp();
    const data = await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'processor', customerId: null }, TODAY);
    const file = await renderRecord(data, 'csv', 'acme');
    const text = file.body as string;
    assert.equal(file.contentType, 'text/csv; charset=utf-8');
    assert.ok(text.startsWith(`\uFEFF${PROCESSOR_CSV_HEADER.join(',')}\r\n`));
    assert.ok(text.includes(`,"'=HYPERLINK(""http://evil.test"")",`), 'the formula is neutralised and its quotes doubled');
    assert.ok(text.includes('"Storage, ""as is""\nand backups"'), 'commas, quotes and new lines stay inside one quoted cell');
    assert.ok(text.includes('(US): appropriate safeguards (Art 46)'), 'the sub-processor and its transfer status are listed');
    // Globex (paas) gets both processor activities, Initech (all services) too: 2 × 2 rows + header.
    assert.equal(text.split('\r\n').filter(Boolean).length, 5);
    assert.ok(!text.includes('Billing'), 'controller activities stay out of the processor record');
  });

  it('gives JSON-LD with the static DPV context, dpv:Process nodes and DPV legal bases', async () => {
    const processor = JSON.parse((await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'processor', customerId }, TODAY), 'jsonld', 'acme')).body as string);
    assert.deepEqual(processor['@context'], JSON.parse(JSON.stringify(RECORDS_JSONLD_CONTEXT)));
    assert.equal(processor['@context'].dpv, 'https://w3id.org/dpv#');
    assert.equal(processor['@graph'].length, 2);
    const node = processor['@graph'].find((n: { 'schema:name': string }) => n['schema:name'] === 'Application hosting');
    assert.equal(node['@type'], 'dpv:Process');
    assert.equal(node['dpv:hasDataController']['schema:name'], 'Globex SA');
    assert.equal(node['dpv:hasDataProcessor']['@type'], 'dpv:DataProcessor');
    assert.deepEqual(node['dpv:hasPersonalData'][0], { '@type': 'dpv:PersonalData', 'schema:name': 'User Contact Email', 'dct:identifier': 'user.contact.email' });
    assert.equal(node['dpv:hasStorageCondition']['@type'], 'dpv:StorageDuration');
    assert.ok(node['dpv:hasRecipient'].some((r: { '@type': string; 'dpv:hasLocation': { '@id': string } }) => r['@type'] === 'dpv:DataSubProcessor' && r['dpv:hasLocation']['@id'] === 'loc:US'));
    const controller = JSON.parse((await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'controller', customerId: null }, TODAY), 'jsonld', 'acme')).body as string);
    assert.deepEqual(controller['@graph'][0]['dpv:hasLegalBasis'], [{ '@id': 'dpv:Contract' }, { '@id': 'eu-gdpr:A6-1-b' }]);
  });

  it("renders a PDF whose text names the customer and its activities", async () => {
    const file = await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'processor', customerId }, TODAY), 'pdf', 'acme');
    assert.equal(file.contentType, 'application/pdf');
    assert.ok(Buffer.isBuffer(file.body));
    const { text } = await extractText(new Uint8Array(file.body as Buffer), { mergePages: true });
    assert.match(text, /Record of processing for Globex SA/);
    assert.match(text, /Application hosting/);
    assert.match(text, /Acme Cloud/);
  });

  it('exports the JSON of a record with what it is and when it was generated', async () => {
    const body = JSON.parse((await renderRecord(await loadRecord(ctx.db.deps.db, workspaceId, { kind: 'controller', customerId: null }, TODAY), 'json', 'acme')).body as string);
    assert.equal(body.kind, 'controller');
    assert.equal(body.generatedOn, TODAY);
    assert.deepEqual(body.record.activities.map((a: { name: string }) => a.name), ['Billing']);
  });
});
