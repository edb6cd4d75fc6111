import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildService } from '../../../test/factories.ts';
import { consoleFixture, get } from './console.test-helpers.ts';

forEachDialect('console: first-run checklist', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('shows a fresh workspace every step as not done, in words and with links, and marks a service done once added', async () => {
    const { deps } = ctx.db;
    const { scope, agent, base } = await consoleFixture(deps, 'editor');
    const fresh = await get(app, agent, base);
    assert.equal(fresh.statusCode, 200);
    assert.match(fresh.body, /<h2 id="setup-title">Set up this workspace<\/h2>/);
    assert.match(fresh.body, new RegExp(`<a href="${base}/services/new">At least one service</a>: <strong>not done</strong>`));
    await buildService(deps, scope);
    const later = await get(app, agent, base);
    assert.match(later.body, /At least one service<\/a>: <strong>done<\/strong>/);
  });
});
