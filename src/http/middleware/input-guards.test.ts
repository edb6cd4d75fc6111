import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, form } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { listEntities } from '../../modules/registry/registry.queries.ts';
import { auditActions, call, workspaceWithToken } from '../api/api.test-helpers.ts';
import { nulFields } from './input-guards.ts';

it('names the path of every string holding a NUL character in a parsed body', () => {
  assert.deepEqual(nulFields({ name: 'ok', operations: [{ engagement: { purpose: 'a\u0000b' } }], tags: ['x', '\u0000'] }), [
    { field: 'operations[0].engagement.purpose', message: 'must not contain a NUL character' },
    { field: 'tags[1]', message: 'must not contain a NUL character' },
  ]);
  assert.deepEqual(nulFields({ name: 'Stripe', n: 3, b: Buffer.from([0]) }), []);
});

forEachDialect('a NUL byte in the input', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  it('answers 400 invalid_input, never a 500, for a NUL in the path of a public list', async () => {
    const page = await app.inject('/w/a%00b/subprocessors');
    assert.equal(page.statusCode, 400);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /url: must not contain a NUL character/);
    const json = await app.inject('/w/a%00b/subprocessors.json');
    assert.equal(json.statusCode, 400);
    assert.equal(json.json().error, 'invalid_input');
  });

  it('answers 400 invalid_input for a NUL in an API path parameter or query', async () => {
    const { slug, headers } = await workspaceWithToken(ctx.db.deps);
    for (const url of [`/api/w/${slug}/entities/a%00b`, `/api/w/${slug}/entities?q=%00`, `/api/w/a%00/entities`]) {
      const res = await call(app, 'GET', url, headers);
      assert.equal(res.status, 400, url);
      assert.equal(res.body.error, 'invalid_input', url);
    }
  });

  it('refuses an API body field holding a NUL with 400 naming the field, and stores nothing', async () => {
    const { slug, headers, workspace } = await workspaceWithToken(ctx.db.deps);
    const before = await auditActions(ctx.db.deps, workspace.id);
    const res = await call(app, 'POST', `/api/w/${slug}/entities`, headers, { name: 'St\u0000ripe', legalName: 'Stripe, Inc.' });
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'validation_error');
    assert.equal(res.body.message, 'name: must not contain a NUL character');
    assert.deepEqual(await listEntities(ctx.db.deps.db, workspace.id), []);
    assert.deepEqual(await auditActions(ctx.db.deps, workspace.id), before);
  });

  it('refuses a form field holding a NUL with 400, also where no input reader reads it (sign-in)', async () => {
    const page = await app.inject('/admin/signin');
    const pre = /name="_pre" value="([^"]+)"/.exec(page.body)![1];
    const cookie = (page.headers['set-cookie'] as string).split(';')[0];
    const res = await app.inject({
      method: 'POST', url: '/admin/signin', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      payload: form({ _pre: pre, email: 'a\u0000@example.test', password: 'whatever it is' }),
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /email: must not contain a NUL character/);
  });
});
