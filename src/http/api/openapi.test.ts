import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildTestApp, TEST_PUBLIC_URL } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { Deps } from '../../shared/deps.ts';
import { registerApiRoutes } from './index.ts';

/** Every method and path `registerApiRoutes` registers, seen through an onRoute collector. */
async function registeredApiRoutes(deps: Deps): Promise<string[]> {
  const app = Fastify();
  const seen: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') seen.push(`${method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
  });
  await registerApiRoutes(app, { deps, config: { publicUrl: TEST_PUBLIC_URL, secureCookies: false } });
  await app.close();
  return seen;
}

forEachDialect('OpenAPI document and docs page', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('describes every API route it registers, and nothing else, as OpenAPI 3', async () => {
    const res = await app.inject({ url: '/api/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.match(doc.openapi, /^3\./);
    assert.equal(doc.info.title, 'Trustroom API');
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['bearer', 'session']);
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const registered = (await registeredApiRoutes(ctx.db.deps)).filter((r) => / \/api\/(w\/|workspaces$)/.test(r));
    assert.ok(registered.length >= 30, `only ${registered.length} routes registered`);
    assert.deepEqual([...documented].sort(), [...registered].sort());
    assert.ok(Object.keys(doc.paths).every((p) => p.startsWith('/api/')));
  });

  it('gives every operation a tag, a summary, the role it needs and its error responses', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const label = `${method} ${path}`;
        assert.equal((op.tags as string[]).length, 1, label);
        assert.ok(op.summary, label);
        assert.ok('x-min-role' in op, label);
        assert.ok((op.responses as Record<string, unknown>)['4XX'], label);
        if (['post', 'put', 'patch'].includes(method)) assert.ok(op.requestBody, label);
      }
    }
    const post = doc.paths['/api/w/{slug}/engagements'].post;
    assert.equal(post['x-min-role'], 'editor');
    assert.deepEqual(post.requestBody.content['application/json'].schema.properties.countries.type, 'array');
  });

  it('renders the docs page as HTML listing every operation, with accessible tables and headings', async () => {
    const res = await app.inject({ url: '/api/docs' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    const page = res.body;
    const doc = (await app.inject({ url: '/api/openapi.json' })).json();
    for (const path of Object.keys(doc.paths)) assert.ok(page.includes(`<code>${path}</code>`), path);
    assert.ok(page.includes('Authorization: Bearer trt_…'));
    assert.ok(page.includes('x-csrf-token'));
    assert.equal(page.match(/<h1[\s>]/g)?.length, 1);
    const levels = [...page.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
    levels.forEach((level, i) => assert.ok(i === 0 || level <= levels[i - 1] + 1, `heading h${level} after h${levels[i - 1]}`));
    const tables = page.match(/<table>/g)?.length ?? 0;
    assert.ok(tables > 10);
    assert.equal(page.match(/<table><caption>/g)?.length, tables);
    assert.equal(page.match(/<th /g)?.length, page.match(/<th scope="col">/g)?.length);
    assert.ok(!/<script/i.test(page));
    assert.match(page, /Required role: <strong>editor<\/strong>/);
  });
});
