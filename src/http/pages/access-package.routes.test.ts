import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { unzipSync } from 'fflate';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildAccessPackage } from '../../modules/requests/package/build-access-package.ts';
import { ensurePackageKey } from '../../modules/requests/package/package-key.ts';
import { ALICE_EMAIL, buildAccessRequest, sampleResult, shopDatasets, tempKeyFile } from '../../modules/requests/package/package.test-helpers.ts';
import { purgeAccessPackage } from '../../modules/requests/package/purge-access-package.ts';
import { storeAccessPackage } from '../../modules/requests/package/store-access-package.ts';
import type { Clock } from '../../shared/clock.ts';
import { inTransaction } from '../../shared/deps.ts';

let offset = 0;
const clock: Clock = { now: () => new Date(Date.now() + offset) };
const DAY = 24 * 3600_000;
let ip = 0;

forEachDialect('access package download page', (ctx) => {
  let app: FastifyInstance;
  const keyFile = tempKeyFile();
  const deps = () => ({ ...ctx.db.deps, clock });
  before(async () => {
    app = await buildTestApp(deps(), { packageKeyFile: keyFile });
  });
  after(async () => app?.close());

  const stored = async () => {
    offset = 0;
    const r = await buildAccessRequest(deps(), { name: 'Acme Cloud' });
    const pkg = buildAccessPackage(sampleResult(), { reference: r.reference, controllerName: 'Acme Cloud', producedAt: clock.now(), datasets: shopDatasets() });
    const s = await inTransaction(deps(), (tx) => storeAccessPackage(tx, { requestId: r.requestId, zip: pkg.zip, fileName: pkg.fileName, key: ensurePackageKey(keyFile).key }));
    return { ...r, ...s, pkg };
  };
  const post = (url: string, over: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', 'sec-fetch-site': 'same-origin', 'x-forwarded-for': `198.51.100.${++ip % 250}`, ...over } });
  const noStore = (res: { headers: Record<string, unknown> }) =>
    assert.deepEqual([res.headers['cache-control'], res.headers['referrer-policy'], res.headers['x-robots-tag']], ['no-store', 'no-referrer', 'noindex']);

  it('shows what the file is, until when the link works and a download button, without spending the link', async () => {
    const s = await stored();
    for (let i = 0; i < 2; i++) {
      const res = await app.inject({ url: s.path });
      assert.equal(res.statusCode, 200);
      noStore(res);
      assert.match(res.body, /<h1>Download your personal data<\/h1>/);
      assert.match(res.body, new RegExp(`request <strong>${s.reference}</strong>`));
      assert.match(res.body, new RegExp(`<td>${s.pkg.fileName}</td>`));
      assert.match(res.body, new RegExp(`<td>${s.expiresAt.slice(0, 16).replace('T', ' ')} UTC</td>`));
      assert.match(res.body, new RegExp(`<form method="post" action="${s.path}">\\s*<button type="submit">Download the file \\(ZIP, [\\d.]+ KB\\)</button>`));
      assert.ok(!res.body.includes(ALICE_EMAIL));
    }
    assert.equal((await app.inject({ url: s.path.replace(s.workspace.slug, 'other') })).statusCode, 404);
    assert.equal((await app.inject({ url: `${s.path}x` })).statusCode, 404);
  });

  it('sends the zip once as an attachment, never stored or indexed; the second download answers 410 with a page that reveals nothing', async () => {
    const s = await stored();
    const res = await post(s.path);
    assert.equal(res.statusCode, 200);
    noStore(res);
    assert.equal(res.headers['content-type'], 'application/zip');
    assert.equal(res.headers['content-disposition'], `attachment; filename="${s.pkg.fileName}"; filename*=UTF-8''${s.pkg.fileName}`);
    assert.equal(res.headers['x-content-sha256'], s.pkg.sha256);
    assert.ok(res.rawPayload.equals(s.pkg.zip));
    assert.ok(Object.keys(unzipSync(new Uint8Array(res.rawPayload))).includes('summary.html'));
    for (const again of [await post(s.path), await app.inject({ url: s.path })]) {
      assert.equal(again.statusCode, 410);
      noStore(again);
      assert.match(again.body, /<h1>This download link no longer works<\/h1>/);
      assert.ok(!again.body.includes(s.reference) && !again.body.includes(s.pkg.fileName) && !again.body.includes('<form'));
    }
  });

  it('answers 410 after the link expired and after the package was purged', async () => {
    const s = await stored();
    offset = 7 * DAY + 1;
    assert.equal((await app.inject({ url: s.path })).statusCode, 410);
    assert.equal((await post(s.path)).statusCode, 410);
    const t = await stored();
    await purgeAccessPackage(deps(), t.packageId);
    assert.equal((await app.inject({ url: t.path })).statusCode, 410);
    assert.equal((await post(t.path)).statusCode, 410);
  });

  it('refuses a download posted from another site, without spending the link', async () => {
    const s = await stored();
    assert.equal((await post(s.path, { 'sec-fetch-site': 'cross-site' })).statusCode, 403);
    assert.equal((await post(s.path, { origin: 'https://evil.example' })).statusCode, 403);
    assert.equal((await post(s.path)).statusCode, 200);
  });

  it('answers 503 without spending the link when this server has no package key file', async () => {
    const s = await stored();
    const bare = await buildTestApp(deps(), { packageKeyFile: tempKeyFile() });
    try {
      const res = await bare.inject({ method: 'POST', url: s.path, payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', 'x-forwarded-for': '203.0.113.9' } });
      assert.equal(res.statusCode, 503);
      assert.match(res.body, /TRUSTROOM_PACKAGE_KEY_FILE/);
    } finally {
      await bare.close();
    }
    assert.equal((await post(s.path)).statusCode, 200);
  });
});
