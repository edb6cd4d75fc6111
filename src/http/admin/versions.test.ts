import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildEntity } from '../../../test/factories.ts';
import { listVersions } from '../../modules/publishing/list-versions.queries.ts';
import { consoleFixture, get, post, tagWithId } from './console.test-helpers.ts';

forEachDialect('console: publish and history', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('publishes version 1, shows a later change as pending, names it in version 2 and in the comparison of 1 and 2', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    await buildEngagement(deps, scope, { entityId: (await buildEntity(deps, scope, { name: 'Hetzner Online GmbH' })).id, purpose: 'Hosting' });

    const first = await post(app, agent, `${base}/versions`, { currentAsOf: '2025-03-01', note: 'First list' });
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, `${base}/versions?published=1`);
    const afterFirst = await get(app, agent, `${base}/versions?published=1`);
    assert.match(afterFirst.body, /role="status">Version 1 published\./);
    assert.match((await get(app, agent, base)).body, /Everything is published/);

    await buildEngagement(deps, scope, { entityId: (await buildEntity(deps, scope, { name: 'Postmark' })).id, purpose: 'Transactional e-mail' });
    const overview = await get(app, agent, base);
    assert.match(overview.body, /Unpublished changes\./);
    assert.match(overview.body, /<h3>Added<\/h3><ul><li><ins><strong>Postmark<\/strong><\/ins> — Transactional e-mail<\/li><\/ul>/);
    assert.match(overview.body, /href="\/w\/[^"]+\/subprocessors"/);

    assert.equal((await post(app, agent, `${base}/versions`, { currentAsOf: '2025-04-01' })).headers.location, `${base}/versions?published=2`);
    const [v2] = await listVersions(deps.db, workspace.id);
    assert.deepEqual([v2.version, v2.changelog.added.map((a) => a.name)], [2, ['Postmark']]);
    const history = await get(app, agent, `${base}/versions`);
    assert.match(history.body, /Version 2<\/a> — current as of 2025-04-01<\/h3>\s*<p class="muted">[^]*?<h4>Added<\/h4><ul><li><ins><strong>Postmark<\/strong>/);

    const cmp = await get(app, agent, `${base}/versions?from=1&to=2`);
    assert.equal(cmp.statusCode, 200);
    assert.match(cmp.body, /<h3 id="compare-result">Changes from version 1 to version 2<\/h3><h4>Added<\/h4><ul><li><ins><strong>Postmark<\/strong>/);
    const detail = await get(app, agent, `${base}/versions/2`);
    assert.match(detail.body, /<h1>Version 2<\/h1>/);
    assert.match(detail.body, /<th scope="row">Hetzner Online GmbH<\/th>/);
    assert.match(detail.body, /<th scope="row">Postmark<\/th>/);
  });

  it('keeps the publish form with the error next to the date when it is before the previous version', async () => {
    const { deps } = ctx.db;
    const { scope, agent, base } = await consoleFixture(deps, 'editor');
    await buildEngagement(deps, scope);
    await post(app, agent, `${base}/versions`, { currentAsOf: '2025-03-01' });
    const res = await post(app, agent, `${base}/versions`, { currentAsOf: '2025-02-01', note: 'Too early' });
    assert.equal(res.statusCode, 400);
    assert.match(tagWithId(res.body, 'f-currentAsOf'), /aria-invalid="true"/);
    assert.match(tagWithId(res.body, 'f-currentAsOf'), /value="2025-02-01"/);
    assert.ok(res.body.includes("Current as of: must not be before the previous version&#39;s date (2025-03-01)"));
    assert.match(res.body, />Too early<\/textarea>/);
  });

  it('shows a viewer the history without the publish form and refuses their publish post', async () => {
    const { deps } = ctx.db;
    const { scope, agent, base } = await consoleFixture(deps, 'viewer');
    await buildEngagement(deps, scope);
    const page = await get(app, agent, `${base}/versions`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /Publish version/);
    assert.equal((await post(app, agent, `${base}/versions`, { currentAsOf: '2025-03-01' })).statusCode, 403);
  });

  it('answers 400 for a comparison of versions that do not exist', async () => {
    const { deps } = ctx.db;
    const { scope, agent, base } = await consoleFixture(deps, 'editor');
    await buildEngagement(deps, scope);
    await post(app, agent, `${base}/versions`, { currentAsOf: '2025-03-01' });
    await post(app, agent, `${base}/versions`, { currentAsOf: '2025-03-02' });
    const res = await get(app, agent, `${base}/versions?from=1&to=9`);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Choose two published versions to compare\./);
    assert.equal((await get(app, agent, `${base}/versions/9`)).statusCode, 404);
  });
});
