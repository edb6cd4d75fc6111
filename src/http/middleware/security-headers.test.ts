import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildWorkspace } from '../../../test/factories.ts';
import { HSTS } from './security-headers.ts';

forEachDialect('HSTS', (ctx) => {
  const apps: FastifyInstance[] = [];
  let slug: string;
  before(async () => {
    slug = (await buildWorkspace(ctx.db.deps)).workspace.slug;
  });
  after(async () => {
    for (const app of apps) await app.close();
  });
  const urls = () => ['/', `/w/${slug}/subprocessors`, `/w/${slug}/subprocessors.json`, '/healthz', '/admin/signin', `/api/w/${slug}/entities`, '/no/such/page', '/w/a%00b/subprocessors'];

  it('sends Strict-Transport-Security on every response when the public URL is https', async () => {
    const app = await buildTestApp(ctx.db.deps, { publicUrl: 'https://trust.example.com', secureCookies: true });
    apps.push(app);
    assert.equal(HSTS, 'max-age=31536000; includeSubDomains');
    for (const url of urls()) {
      const res = await app.inject(url);
      assert.equal(res.headers['strict-transport-security'], HSTS, `${url} (${res.statusCode})`);
    }
  });

  it('sends no Strict-Transport-Security when the public URL is http', async () => {
    const app = await buildTestApp(ctx.db.deps);
    apps.push(app);
    for (const url of urls()) assert.equal((await app.inject(url)).headers['strict-transport-security'], undefined, url);
  });
});
