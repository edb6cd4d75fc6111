import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { createEngagement, updateEngagement } from '../../modules/registry/manage-engagements.ts';
import { createRegion } from '../../modules/registry/manage-regions.ts';
import { createService } from '../../modules/registry/manage-services.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';
import type { Scope } from '../../shared/deps.ts';

forEachDialect('public sub-processor list', (ctx) => {
  let app: FastifyInstance;
  let scope: Scope;
  let stripeId: string;
  before(async () => {
    const { deps } = ctx.db;
    ({ scope } = await buildWorkspace(deps, { slug: 'acme', name: 'Acme Cloud' }));
    await createService(deps, scope, { slug: 'cloud', name: 'Acme Cloud' });
    await createService(deps, scope, { slug: 'support', name: 'Support' });
    await createRegion(deps, scope, { slug: 'eu-1', name: 'EU 1', provider: 'Outscale', dataCentres: 'Paris-Pantin (FR)', backupLocation: 'France', backupCountries: 'FR' });
    const evil = await buildEntity(deps, scope, { name: '<script>alert(1)</script>', legalName: '=HYPERLINK("http://x")' });
    await createEngagement(deps, scope, { entityId: evil.id, kind: 'infrastructure', purpose: 'Hosting & "backups"', services: ['cloud'], regions: ['eu-1'], countries: ['FR'] });
    const stripe = await buildEntity(deps, scope, { name: 'Stripe', legalName: 'Stripe Payments Europe Limited' });
    stripeId = (await createEngagement(deps, scope, {
      entityId: stripe.id, purpose: 'Payments', services: ['support'], countries: ['IE', 'US'], context: 'controller',
      transferMechanisms: ['scc-2021'], dataCategories: ['user.financial.credit_card'],
    })).id;
    await publishListVersion(deps, scope, { currentAsOf: '2026-11-01' });
    app = await buildTestApp(deps);
  });
  after(async () => app?.close());

  it('serves the JSON list in the documented shape, one element per engagement', async () => {
    const res = await app.inject('/w/acme/subprocessors.json');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^application\/json/);
    const body = res.json();
    assert.deepEqual(Object.keys(body), ['workspace', 'version', 'currentAsOf', 'subprocessors']);
    assert.equal(body.workspace, 'acme');
    assert.equal(body.version, 1);
    assert.equal(body.currentAsOf, '2026-11-01');
    assert.deepEqual(body.subprocessors[1], {
      name: 'Stripe', legalName: 'Stripe Payments Europe Limited', role: 'subcontractor', kind: 'third_party', purpose: 'Payments',
      services: ['Support'], regions: [], countries: ['IE', 'US'], dataCategories: ['user.financial.credit_card'], transferMechanisms: ['scc-2021'], context: 'controller',
    });
  });

  it('escapes a name containing a script tag on the page', async () => {
    const res = await app.inject('/w/acme/subprocessors');
    assert.equal(res.statusCode, 200);
    assert.ok(!res.body.includes('<script>alert(1)</script>'));
    assert.ok(res.body.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.match(res.body, /Current as of 2026-11-01/);
    assert.match(res.body, /Paris-Pantin, France/);
  });

  it('sends a strict content security policy with the page and nosniff with every format', async () => {
    const page = await app.inject('/w/acme/subprocessors');
    assert.match(page.headers['content-security-policy'] as string, /script-src 'self'/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    for (const ext of ['json', 'csv', 'atom', 'jsonld']) assert.equal((await app.inject(`/w/acme/subprocessors.${ext}`)).headers['x-content-type-options'], 'nosniff', ext);
    const missing = await app.inject('/w/nope/subprocessors');
    assert.match(missing.headers['content-security-policy'] as string, /default-src 'self'/);
  });

  it('filters the page by service, region and country through the query string', async () => {
    const bySvc = await app.inject('/w/acme/subprocessors?service=support');
    assert.match(bySvc.body, /1 row shown: 1 of 2 engagements\./);
    assert.match(bySvc.body, /Stripe/);
    const byCountry = await app.inject('/w/acme/subprocessors?country=fr');
    assert.match(byCountry.body, /1 row shown: 1 of 2 engagements\./);
    assert.doesNotMatch(byCountry.body, /Payments<br>|>Payments</);
    const byRegion = await app.inject('/w/acme/subprocessors?region=eu-1&country=US');
    assert.match(byRegion.body, /0 rows shown: 0 of 2 engagements\./);
  });

  it('neutralises spreadsheet formulas in the CSV', async () => {
    const res = await app.inject('/w/acme/subprocessors.csv');
    assert.match(res.headers['content-type'] as string, /^text\/csv/);
    assert.match(res.headers['content-disposition'] as string, /acme-subprocessors-v1\.csv/);
    assert.ok(res.body.includes(`"'=HYPERLINK(""http://x"")"`), res.body);
  });

  it('answers 304 to a matching If-None-Match and sets a cache policy', async () => {
    for (const path of ['/w/acme/subprocessors', '/w/acme/subprocessors.json', '/w/acme/subprocessors.csv', '/w/acme/subprocessors.atom', '/w/acme/subprocessors.jsonld']) {
      const first = await app.inject(path);
      const etag = first.headers.etag as string;
      assert.ok(etag, `${path} has an ETag`);
      assert.match(first.headers['cache-control'] as string, /public, max-age=\d+/);
      const again = await app.inject({ url: path, headers: { 'if-none-match': etag } });
      assert.equal(again.statusCode, 304, path);
      assert.equal(again.body, '');
      const other = await app.inject({ url: path, headers: { 'if-none-match': '"something-else"' } });
      assert.equal(other.statusCode, 200, path);
    }
  });

  it('serves JSON-LD with DPV terms and an inline context, and an Atom feed entry per version', async () => {
    const ld = await app.inject('/w/acme/subprocessors.jsonld');
    assert.match(ld.headers['content-type'] as string, /^application\/ld\+json/);
    const doc = ld.json();
    assert.equal(typeof doc['@context'], 'object');
    assert.equal(doc['@context'].dpv, 'https://w3id.org/dpv#');
    const atom = await app.inject('/w/acme/subprocessors.atom');
    assert.match(atom.headers['content-type'] as string, /^application\/atom\+xml/);
    assert.equal(atom.body.match(/<entry>/g)?.length, 1);
    assert.ok(!atom.body.includes('<script>alert'));
  });

  it('shows a new version, its changelog and a diff of two versions after publishing again', async () => {
    const { deps } = ctx.db;
    const before = await app.inject('/w/acme/subprocessors.json');
    const g = (await deps.db.selectFrom('engagements').select('entity_id').where('id', '=', stripeId).executeTakeFirstOrThrow());
    await updateEngagement(deps, scope, stripeId, { entityId: g.entity_id, purpose: 'Payments and invoicing', services: ['support'], countries: ['IE'], context: 'controller' });
    await publishListVersion(deps, scope, { currentAsOf: '2026-11-20' });
    const afterRes = await app.inject({ url: '/w/acme/subprocessors.json', headers: { 'if-none-match': before.headers.etag as string } });
    assert.equal(afterRes.statusCode, 200, 'a new version changes the ETag at once');
    assert.equal(afterRes.json().version, 2);
    const history = await app.inject('/w/acme/subprocessors/history');
    assert.match(history.body, /Version 2 — current as of 2026-11-20/);
    assert.match(history.body, /Changed/);
    const diff = await app.inject('/w/acme/subprocessors/history?from=1&to=2');
    assert.match(diff.body, /Changes from version 1 to version 2/);
    assert.match(diff.body, /purpose: <del>Payments<\/del> → <ins>Payments and invoicing<\/ins>/);
    assert.match(diff.body, /countries: <del>IE, US<\/del> → <ins>IE<\/ins>/);
    const bad = await app.inject('/w/acme/subprocessors/history?from=x&to=2');
    assert.equal(bad.statusCode, 400);
    const atom = await app.inject('/w/acme/subprocessors.atom');
    assert.equal(atom.body.match(/<entry>/g)?.length, 2);
  });

  it('answers 404 for an unknown workspace and for a workspace with nothing published', async () => {
    assert.equal((await app.inject('/w/nope/subprocessors')).statusCode, 404);
    await buildWorkspace(ctx.db.deps, { slug: 'empty' });
    const res = await app.inject('/w/empty/subprocessors.json');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error, 'not_published');
    const page = await app.inject('/w/empty/subprocessors');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /No list has been published yet/);
  });

  it('serves /subprocessors only while the instance has exactly one workspace', async () => {
    // Two workspaces exist by now in this database, so the short addresses refuse politely.
    const res = await app.inject('/subprocessors.json');
    assert.equal(res.statusCode, 404);
    assert.match(res.json().message, /several workspaces/);
  });
});

forEachDialect('public list of a single-workspace instance', (ctx) => {
  let app: FastifyInstance;
  after(async () => app?.close());
  it('serves the same list at /subprocessors and /w/<slug>/subprocessors', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps, { slug: 'solo', groupBy: 'service' });
    await createService(deps, scope, { slug: 'web', name: 'Website' });
    const e = await buildEntity(deps, scope, { name: 'Cloudflare' });
    await createEngagement(deps, scope, { entityId: e.id, role: 'subcontractor', purpose: 'CDN', services: ['web'], countries: ['US'] });
    await publishListVersion(deps, scope, {});
    app = await buildTestApp(deps);
    const short = await app.inject('/subprocessors.json');
    const long = await app.inject('/w/solo/subprocessors.json');
    assert.equal(short.statusCode, 200);
    assert.equal(short.body, long.body);
    const page = await app.inject('/subprocessors');
    assert.match(page.body, /<h2>Website<\/h2>/);
    assert.match(page.body, /Sub-contractor/);
  });
});
