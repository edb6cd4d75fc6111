import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, itemFixture, listVersionFixture, workspaceFixture } from './fixtures.test-helpers.ts';
import { PUBLIC_LIST_JSONLD_CONTEXT } from './jsonld-context.ts';
import { presentPublicList } from './public-list.ts';
import { DATA_CATEGORY_NOTE, renderJsonLd } from './render-jsonld.ts';
import { DPV, expandJsonLd } from './jsonld-expand.test-helpers.ts';

type Node = Record<string, unknown>;

const render = (items = listVersionFixture().snapshot.items) => {
  const version = listVersionFixture();
  version.snapshot.items = items;
  return renderJsonLd(presentPublicList(workspaceFixture(), version), workspaceFixture(), BASE_URL);
};
const parse = (out: string) => JSON.parse(out) as Node & { 'dpv:hasRecipient': Node[] };

/** Every property key and @id/@type value used in a document, to check they are all defined. */
function compactIris(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => compactIris(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '@context') continue;
      if (!k.startsWith('@')) out.push(k);
      if (k === '@type') out.push(...([] as string[]).concat(v as string | string[]));
      else if (k === '@id' && typeof v === 'string' && !/^https?:\/\//.test(v)) out.push(v);
      else compactIris(v, out);
    }
  }
  return out;
}

describe('renderJsonLd', () => {
  it('is valid JSON that parses and serialises back to the same text', () => {
    const out = render();
    assert.equal(`${JSON.stringify(JSON.parse(out), null, 2)}\n`, out);
  });

  it('embeds the context as an object, with no remote context URL anywhere', () => {
    const doc = parse(render());
    assert.equal(typeof doc['@context'], 'object');
    assert.equal(Array.isArray(doc['@context']), false);
    assert.deepEqual(doc['@context'], PUBLIC_LIST_JSONLD_CONTEXT);
    assert.equal(JSON.stringify(doc).includes('"@import"'), false);
    assert.equal(typeof doc['@context'] === 'string', false);
  });

  it('declares the four required prefixes with their namespaces', () => {
    const ctx = parse(render())['@context'] as Record<string, unknown>;
    assert.equal(ctx.dpv, 'https://w3id.org/dpv#');
    assert.equal(ctx.loc, 'https://w3id.org/dpv/loc#');
    assert.equal(ctx.dct, 'http://purl.org/dc/terms/');
    assert.equal(ctx.schema, 'https://schema.org/');
  });

  it('only uses prefixes the context defines', () => {
    const ctx = PUBLIC_LIST_JSONLD_CONTEXT as Record<string, unknown>;
    for (const iri of compactIris(parse(render()))) {
      const prefix = iri.split(':')[0];
      assert.ok(prefix in ctx && typeof ctx[prefix] === 'string', `undefined prefix in ${iri}`);
    }
  });

  it('describes the list as a DPV process of the workspace as data processor', () => {
    const doc = parse(render());
    assert.equal(doc['@id'], 'https://trust.example.test/w/acme/subprocessors.jsonld');
    assert.deepEqual(doc['@type'], ['dpv:Process', 'dpv:PersonalDataProcess']);
    assert.equal(doc['dct:title'], 'Acme Cloud — sub-processors');
    assert.equal(doc['dct:modified'], '2025-03-01');
    assert.equal(doc['dct:hasVersion'], 3);
    assert.deepEqual(doc['dpv:hasDataProcessor'], {
      '@id': 'https://trust.example.test/w/acme/subprocessors.jsonld#processor', '@type': 'dpv:DataProcessor', 'schema:name': 'Acme Cloud',
    });
    assert.equal(doc['tr:dataCategoryNote'], DATA_CATEGORY_NOTE);
  });

  it('types recipients by role, and an engagement in the controller context as an independent controller, never a sub-processor', () => {
    const [aws, gmbh, zendesk] = parse(render())['dpv:hasRecipient'];
    assert.deepEqual(aws['@type'], ['dpv:DataSubProcessor']);
    assert.deepEqual(gmbh['@type'], ['dpv:Recipient']);
    // The fixture keeps the sub-processor role a version published before the pair was refused may hold.
    assert.deepEqual(zendesk['@type'], ['dpv:DataController', 'dpv:Recipient']);
    const [asContractor] = parse(render([itemFixture({ role: 'subcontractor', context: 'controller' })]))['dpv:hasRecipient'];
    assert.deepEqual(asContractor['@type'], ['dpv:DataController', 'dpv:Recipient']);
  });

  it('keeps the list and its recipients in the default graph: the top node has an @id and reaches every recipient', () => {
    const doc = parse(render());
    assert.equal('@graph' in doc, false);
    const [top, ...others] = expandJsonLd(doc);
    assert.equal(others.length, 0);
    assert.equal(top['@id'], 'https://trust.example.test/w/acme/subprocessors.jsonld');
    assert.deepEqual(top['@type'], [`${DPV}Process`, `${DPV}PersonalDataProcess`]);
    const recipients = top[`${DPV}hasRecipient`] as Array<Record<string, unknown>>;
    assert.deepEqual(recipients.map((r) => r['@type']), [[`${DPV}DataSubProcessor`], [`${DPV}Recipient`], [`${DPV}DataController`, `${DPV}Recipient`]]);
    assert.deepEqual(recipients[0]['https://schema.org/name'], [{ '@value': 'Amazon Web Services' }]);
  });

  it('gives each recipient its names, purpose and data categories', () => {
    const [aws, gmbh] = parse(render())['dpv:hasRecipient'];
    assert.equal(aws['schema:name'], 'Amazon Web Services');
    assert.equal(aws['schema:legalName'], 'Amazon Web Services EMEA SARL');
    assert.equal('schema:legalName' in gmbh, false, 'no legal name, no property');
    assert.deepEqual(aws['dpv:hasPurpose'], { '@type': 'dpv:Purpose', 'dct:description': 'Cloud hosting' });
    assert.deepEqual(aws['dpv:hasPersonalData'], ['user.contact.email', 'user.account']);
    assert.deepEqual(aws['tr:service'], ['Acme App', 'Acme Analytics']);
    assert.equal(aws['tr:kind'], 'infrastructure');
  });

  it('gives every recipient one loc: location per country', () => {
    const version = listVersionFixture();
    const list = presentPublicList(workspaceFixture(), version);
    const recipients = parse(render())['dpv:hasRecipient'];
    assert.equal(recipients.length, list.subprocessors.length);
    recipients.forEach((r, i) => {
      assert.deepEqual(r['dpv:hasLocation'], list.subprocessors[i].countries.map((c) => ({ '@id': `loc:${c}` })));
    });
  });

  it('maps transfer mechanisms with a DPV concept to legal bases and keeps all of them as plain strings', () => {
    const [aws, , zendesk] = parse(render())['dpv:hasRecipient'];
    assert.deepEqual(zendesk['dpv:hasLegalBasis'], [{ '@id': 'eu-gdpr:A45-3' }, { '@id': 'eu-gdpr:A46-2-c' }]);
    assert.deepEqual(zendesk['tr:transferMechanism'], ['dpf', 'scc-2021', 'privacy-shield']);
    assert.deepEqual(aws['dpv:hasLegalBasis'], []);
    assert.deepEqual(aws['tr:transferMechanism'], ['none']);
  });

  it('lists a legal basis once when two mechanisms map to it', () => {
    const [r] = parse(render([itemFixture({ transferMechanisms: ['adequacy', 'dpf', 'bcr'] })]))['dpv:hasRecipient'];
    assert.deepEqual(r['dpv:hasLegalBasis'], [{ '@id': 'eu-gdpr:A45-3' }, { '@id': 'eu-gdpr:A46-2-b' }]);
  });

  it('escapes markup so the document can sit inside an HTML script element, and still parses to the original text', () => {
    const out = render([itemFixture({ name: '</script><script>alert(1)</script>', purpose: 'R&D' })]);
    assert.equal(/[<>&]/.test(out), false);
    const [r] = parse(out)['dpv:hasRecipient'];
    assert.equal(r['schema:name'], '</script><script>alert(1)</script>');
    assert.deepEqual(r['dpv:hasPurpose'], { '@type': 'dpv:Purpose', 'dct:description': 'R&D' });
  });
});
