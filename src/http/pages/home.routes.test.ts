import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';

forEachDialect('public start page', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('lists only workspaces with a published list, and says none yet when there are none', async () => {
    const { deps } = ctx.db;
    const empty = await buildWorkspace(deps, { slug: 'empty-ws', name: 'Empty Workspace' });
    const withDraft = await buildWorkspace(deps, { slug: 'draft-ws', name: 'Draft Only' });
    await buildEngagement(deps, withDraft.scope, { entityId: (await buildEntity(deps, withDraft.scope)).id });
    const first = await app.inject({ method: 'GET', url: '/' });
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /None yet\./);
    assert.doesNotMatch(first.body, /Empty Workspace|Draft Only/);

    await publishListVersion(deps, withDraft.scope);
    const second = await app.inject({ method: 'GET', url: '/' });
    assert.match(second.body, /<a href="\/w\/draft-ws\/subprocessors">Draft Only<\/a>/);
    assert.doesNotMatch(second.body, /Empty Workspace|None yet/);
    assert.ok(empty.workspace.id);
  });
});
