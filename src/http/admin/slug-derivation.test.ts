import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { listRegions, listServices } from '../../modules/registry/registry.queries.ts';
import { consoleFixture, get, post } from './console.test-helpers.ts';

forEachDialect('console: slugs derived from names', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('derives service slugs from the name when the field is left empty, adding -2 on collision', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'editor');
    const form = await get(app, agent, `${base}/services/new`);
    assert.match(form.body, /Leave empty to derive it from the name/);
    for (const name of ['Société Générale', 'Société  Générale!', '日本語']) {
      const res = await post(app, agent, `${base}/services`, { slug: '', name });
      assert.equal(res.statusCode, 303);
    }
    const slugs = (await listServices(deps.db, workspace.id)).map((s) => s.slug).sort();
    assert.deepEqual(slugs, ['service-1', 'societe-generale', 'societe-generale-2']);
  });

  it('still accepts explicit slugs and names the slug field when one is invalid', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'editor');
    assert.equal((await post(app, agent, `${base}/regions`, { slug: 'eu-paris', name: 'Paris' })).statusCode, 303);
    assert.equal((await post(app, agent, `${base}/regions`, { slug: '', name: 'Région Île-de-France' })).statusCode, 303);
    const bad = await post(app, agent, `${base}/regions`, { slug: 'Not A Slug', name: 'X' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#f-slug"/);
    assert.deepEqual((await listRegions(deps.db, workspace.id)).map((r) => r.slug).sort(), ['eu-paris', 'region-ile-de-france']);
  });
});
