import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, signedInMember } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer } from '../../../test/factories.ts';
import { consoleFixture, get, post, tagWithId } from './console.test-helpers.ts';

forEachDialect('legal demands in the console', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('registers a demand under a non-disclosure order without JavaScript, shows the held notice, lifts the order and records the outcome', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    const customer = await buildCustomer(deps, scope, { name: 'Acme Retail' });
    const viewer = await signedInMember(deps, workspace.id, 'viewer');
    assert.equal((await get(app, viewer, `${base}/legal-demands`)).statusCode, 403);

    const bad = await post(app, agent, `${base}/legal-demands`, { authorityName: '', authorityType: 'law_enforcement', country: 'FR', customerIds: [customer.id] });
    assert.equal(bad.statusCode, 400);
    assert.match(tagWithId(bad.body, 'f-authorityName'), /aria-invalid="true"/);
    assert.match(bad.body, /<input type="checkbox" id="f-customerIds-0" name="customerIds" value="[^"]+" checked>/);

    const created = await post(app, agent, `${base}/legal-demands`, {
      authorityName: 'Parquet de Paris', authorityType: 'law_enforcement', country: 'FR', legalBasis: 'Art. 60-1 CPP', scope: 'Account records',
      receivedAt: '2026-01-10', customerIds: [customer.id], prohibited: 'true', prohibitionEndsOn: '2099-01-01',
    });
    assert.equal(created.statusCode, 303);
    const page = await get(app, agent, String(created.headers.location));
    assert.match(page.body, /In force until 2099-01-01/);
    assert.match(page.body, /<th scope="row"><a href="[^"]+">Acme Retail<\/a><\/th><td>Held: non-disclosure order<\/td>/);
    const list = await get(app, agent, `${base}/legal-demands`);
    assert.match(list.body, /1 held/);

    const id = String(created.headers.location).split('/').pop()!.split('?')[0]!;
    const lifted = await post(app, agent, `${base}/legal-demands/${id}/lift`, {});
    assert.equal(lifted.statusCode, 303);
    assert.match((await get(app, agent, String(lifted.headers.location))).body, /<td>Notified<\/td>/);

    const noDisclosure = await post(app, agent, `${base}/legal-demands/${id}/outcome`, { outcome: 'disclosed_full' });
    assert.equal(noDisclosure.statusCode, 400);
    assert.match(noDisclosure.body, /What was disclosed: is required when data was disclosed/);
    const closed = await post(app, agent, `${base}/legal-demands/${id}/outcome`, { outcome: 'disclosed_full', disclosed: 'Account holder name' });
    assert.equal(closed.statusCode, 303);
    const final = await get(app, agent, String(closed.headers.location));
    assert.match(final.body, /Data disclosed in full/);
    assert.doesNotMatch(final.body, /Record challenge/);
    const edit = await get(app, agent, `${base}/legal-demands/${id}/edit`);
    assert.match(tagWithId(edit.body, 'f-authorityName'), /value="Parquet de Paris"/);
  });
});
