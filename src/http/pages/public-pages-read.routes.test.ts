/**
 * What people read on the public pages (issue 11 §4): human labels, countries apart from regions,
 * repeated entities told apart, a count that counts the rows shown, a page per announced change
 * that the Atom feed links to, feed ids independent of the public URL, the favicon, and empty
 * workspaces kept off the start page.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { TEST_PUBLIC_URL, buildTestApp } from '../../../test/app.ts';
import { changeBody, changeWorkspace } from '../../../test/change-fixtures.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { announceChange } from '../../modules/changes/announce-change.ts';
import { createChange } from '../../modules/changes/manage-changes.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';
import { createEngagement } from '../../modules/registry/manage-engagements.ts';
import { createRegion } from '../../modules/registry/manage-regions.ts';
import { createService } from '../../modules/registry/manage-services.ts';
import { buildApp } from '../app.ts';

/** The text of the list page's count, and the number of engagement rows in its tables. */
const countOf = (page: string) => /<p role="status">([^<]*)<\/p>/.exec(page)?.[1];
const rowsOf = (page: string) => (page.match(/<tr class="item">/g) ?? []).length;
const cellsOf = (row: string) => [...row.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
const rowOf = (page: string, name: string) => [...page.matchAll(/<tr class="item">([\s\S]*?)<\/tr>/g)].map((m) => m[1]).filter((r) => r.includes(`<th scope="row">${name}`));

forEachDialect('public list as people read it', (ctx) => {
  let app: FastifyInstance;
  let changeId: string;
  let draftId: string;
  let changeSlug: string;
  before(async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps, { slug: 'globex', name: 'Globex', groupBy: 'service' });
    await createService(deps, scope, { slug: 'app', name: 'Globex App' });
    await createService(deps, scope, { slug: 'api', name: 'Globex API' });
    await createRegion(deps, scope, { slug: 'eu-west', name: 'Europe West', provider: 'AWS', dataCentres: 'Dublin (IE)', backupLocation: 'Frankfurt', backupCountries: 'DE' });
    const aws = await buildEntity(deps, scope, { name: 'AWS' });
    await createEngagement(deps, scope, { entityId: aws.id, kind: 'infrastructure', purpose: 'Hosting', services: ['app', 'api'], regions: ['eu-west'], countries: ['IE'], dataCategories: ['user.contact.email'] });
    await createEngagement(deps, scope, { entityId: aws.id, kind: 'infrastructure', purpose: 'E-mail sending', services: ['app'], countries: ['US'], dataCategories: ['user.financial.credit_card'] });
    const zendesk = await buildEntity(deps, scope, { name: 'Zendesk' });
    await createEngagement(deps, scope, { entityId: zendesk.id, purpose: 'Support tickets', services: ['app'], countries: ['US'] });
    await publishListVersion(deps, scope, { currentAsOf: '2026-11-01' });
    await buildWorkspace(deps, { slug: 'my-organisation', name: 'My organisation' });

    const f = await changeWorkspace(deps);
    changeSlug = f.slug;
    changeId = (await createChange(deps, f.scope, changeBody(f))).id;
    await announceChange(deps, f.scope, changeId);
    draftId = (await createChange(deps, f.scope, changeBody(f, { title: 'Still a draft' }))).id;
    app = await buildTestApp(deps);
  });
  after(async () => app?.close());

  it('shows data categories by their human labels, not fideslang keys', async () => {
    const page = (await app.inject('/w/globex/subprocessors')).body;
    assert.match(page, /<th scope="col">Data categories<\/th>/);
    assert.match(page, /<td>User Contact Email<\/td>/);
    assert.match(page, /<td>Credit Card Information<\/td>/);
    assert.doesNotMatch(page, /user\.financial\.credit_card|user\.contact\.email/);
  });

  it('puts countries by name in one column and the workspace\'s hosting regions by name in another', async () => {
    const page = (await app.inject('/w/globex/subprocessors')).body;
    assert.match(page, /<th scope="col">Countries<\/th><th scope="col">Hosting regions<\/th>/);
    const [hosting] = rowOf(page, 'AWS');
    const cells = cellsOf(hosting);
    assert.equal(cells[2], 'Ireland');
    assert.equal(cells[3], '<a href="#region-eu-west">Europe West</a>');
    assert.match(page, /<tr id="region-eu-west"><th scope="row">Europe West<\/th>/);
    assert.doesNotMatch(cells.join('|'), /eu-west</);
  });

  it('names the services and countries of each engagement in the row header of an entity engaged several times', async () => {
    const page = (await app.inject('/w/globex/subprocessors')).body;
    const aws = rowOf(page, 'AWS');
    assert.equal(aws.length, 3, 'one row per engagement and service: hosting under both services, e-mail under one');
    assert.match(aws[0], /Engagement 1 of 2: Globex App, Globex API; Ireland/);
    assert.ok(aws.some((r) => /Engagement 2 of 2: Globex App; United States/.test(r)));
    assert.doesNotMatch(rowOf(page, 'Zendesk')[0], /Engagement \d/, 'an entity engaged once needs no qualifier');
  });

  it('counts the rows it shows, saying so when an engagement for several services makes more rows than engagements', async () => {
    const all = (await app.inject('/w/globex/subprocessors')).body;
    assert.equal(rowsOf(all), 4);
    assert.equal(countOf(all), '4 rows shown: 3 of 3 engagements, an engagement for several services listed under each.');
    const us = (await app.inject('/w/globex/subprocessors?country=US')).body;
    assert.equal(rowsOf(us), 2);
    assert.equal(countOf(us), '2 rows shown: 2 of 3 engagements.');
  });

  it('serves a public page per announced change, without its customers, and none for a draft', async () => {
    const res = await app.inject(`/w/${changeSlug}/changes/${changeId}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-security-policy'] as string, /default-src 'self'/);
    assert.match(res.body, /<h1>New e-mail delivery provider<\/h1>/);
    assert.match(res.body, /proposed to take effect on 2030-04-15/);
    assert.match(res.body, /Better deliverability inside the EU\./);
    assert.match(res.body, /Mailjet SAS/);
    for (const name of ['Globex General', 'Initech Specific', 'Umbrella Slow']) assert.ok(!res.body.includes(name), name);
    assert.equal((await app.inject(`/w/${changeSlug}/changes/${draftId}`)).statusCode, 404);
    assert.equal((await app.inject(`/w/globex/changes/${changeId}`)).statusCode, 404, 'another workspace does not show it');
    assert.equal((await app.inject('/w/nope/changes/x')).statusCode, 404);
  });

  it('links a change entry of the Atom feed to the change\'s public page, and the list\'s upcoming changes too', async () => {
    const atom = (await app.inject(`/w/${changeSlug}/subprocessors.atom`)).body;
    const entry = [...atom.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]).find((e) => e.includes('New e-mail delivery provider'));
    assert.ok(entry);
    assert.ok(entry.includes(`<link href="${TEST_PUBLIC_URL}/w/${changeSlug}/changes/${changeId}"/>`), entry);
    const page = (await app.inject(`/w/${changeSlug}/subprocessors`)).body;
    assert.ok(page.includes(`<a href="/w/${changeSlug}/changes/${changeId}">`));
  });

  it('gives the same feed and entry ids under two different public URLs', async () => {
    const ids = async (publicUrl: string) => {
      const other = await buildApp({ deps: { ...ctx.db.deps, publicUrl }, config: { publicUrl, secureCookies: false }, logger: false });
      try {
        const xml = (await other.inject(`/w/${changeSlug}/subprocessors.atom`)).body;
        assert.ok(xml.includes(publicUrl), 'links follow the public URL');
        return [...xml.matchAll(/<id>([^<]*)<\/id>/g)].map((m) => m[1]);
      } finally {
        await other.close();
      }
    };
    const a = await ids('https://trust.example.test');
    const b = await ids('http://localhost:8080/trustroom');
    assert.ok(a.length >= 2);
    assert.deepEqual(a, b);
    assert.ok(a.every((id) => id.startsWith('urn:trustroom:workspace:')), a.join(' '));
  });

  it('lists only workspaces with a published list on the start page', async () => {
    const home = (await app.inject('/')).body;
    assert.match(home, /href="\/w\/globex\/subprocessors"/);
    assert.doesNotMatch(home, /my-organisation|My organisation/);
  });

  it('says an empty workspace has published nothing, lists nothing and asks search engines not to index it', async () => {
    const res = await app.inject('/w/my-organisation/subprocessors');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /No list has been published yet\./);
    assert.match(res.body, /<meta name="robots" content="noindex">/);
    assert.doesNotMatch(res.body, /<table|role="status"/);
  });

  it('serves a favicon with caching headers and links it from every page', async () => {
    const res = await app.inject('/favicon.ico');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'image/x-icon');
    assert.match(res.headers['cache-control'] as string, /public, max-age=\d{4,}/);
    assert.deepEqual([...res.rawPayload.subarray(0, 4)], [0, 0, 1, 0], 'an ICO header');
    const again = await app.inject({ url: '/favicon.ico', headers: { 'if-none-match': res.headers.etag as string } });
    assert.equal(again.statusCode, 304);
    for (const path of ['/', '/w/globex/subprocessors', `/w/${changeSlug}/changes/${changeId}`]) {
      assert.match((await app.inject(path)).body, /<link rel="icon" href="\/favicon\.ico"/, path);
    }
  });
});
