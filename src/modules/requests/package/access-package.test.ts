import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { it } from 'node:test';
import pino from 'pino';
import { unzipSync } from 'fflate';
import { createBackground } from '../../../background.ts';
import { forEachDialect } from '../../../../test/dialects.ts';
import type { Clock } from '../../../shared/clock.ts';
import { type Deps, inTransaction } from '../../../shared/deps.ts';
import { isAppError } from '../../../shared/errors.ts';
import { sha256 } from '../../../shared/ids.ts';
import { buildAccessPackage } from './build-access-package.ts';
import { downloadAccessPackage, viewAccessPackage } from './download-access-package.ts';
import { ensurePackageKey } from './package-key.ts';
import { ALICE_EMAIL, buildAccessRequest, sampleResult, shopDatasets, tempKeyFile } from './package.test-helpers.ts';
import { purgeAccessPackage } from './purge-access-package.ts';
import { PURGE_PACKAGE_JOB, storeAccessPackage } from './store-access-package.ts';

let offset = 0;
const clock: Clock = { now: () => new Date(Date.now() + offset) };
const DAY = 24 * 3600_000;
const gone = (e: unknown) => isAppError(e) && e.code === 'package_link_gone' && e.status === 410;

forEachDialect('access package storage and link', (ctx) => {
  const deps = (): Deps => ({ ...ctx.db.deps, clock });
  const key = ensurePackageKey(tempKeyFile()).key;

  /** A request with a stored package of the sample result. */
  const stored = async (zip?: Buffer) => {
    offset = 0;
    const r = await buildAccessRequest(deps());
    const pkg = buildAccessPackage(sampleResult(), { reference: r.reference, controllerName: r.workspace.name, producedAt: clock.now(), datasets: shopDatasets() });
    const s = await inTransaction(deps(), (tx) => storeAccessPackage(tx, { requestId: r.requestId, zip: zip ?? pkg.zip, fileName: pkg.fileName, key }));
    return { ...r, pkg, ...s };
  };
  const row = (id: string) => ctx.db.deps.db.selectFrom('dsr_packages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const events = (requestId: string) => ctx.db.deps.db.selectFrom('dsr_request_events').select(['kind', 'actor', 'detail']).where('request_id', '=', requestId).orderBy('at').orderBy('kind').execute();

  it('stores the zip encrypted: the database holds neither the plaintext nor the token, only their SHA-256', async () => {
    // A plaintext that carries the e-mail address as it is (a deflated zip might hide it anyway).
    const plain = Buffer.from(JSON.stringify(sampleResult()));
    assert.ok(plain.includes(ALICE_EMAIL));
    const s = await stored(plain);
    const p = await row(s.packageId);
    assert.equal(p.token_hash, sha256(s.token));
    assert.equal(p.size, plain.length);
    assert.equal(p.sha256, sha256(plain.toString('utf8')));
    const ciphertext = Buffer.from(p.ciphertext_base64!, 'base64');
    assert.equal(ciphertext.length, plain.length);
    const everything = JSON.stringify(p);
    for (const needle of [ALICE_EMAIL, 'Alice Martin', s.token]) {
      assert.ok(!everything.includes(needle), `the row does not contain ${needle}`);
      assert.ok(!ciphertext.includes(needle), `the ciphertext does not contain ${needle}`);
    }
    assert.equal(Buffer.from(p.iv, 'base64').length, 12);
    assert.equal(Buffer.from(p.auth_tag, 'base64').length, 16);
    assert.match(s.path, new RegExp(`^/w/${s.workspace.slug}/requests/package/pk_[A-Za-z0-9_-]{43}$`));
  });

  it('links for 7 days, keeps the ciphertext 30, schedules the purge job then, and records the package on the timeline and in the audit log without personal data', async () => {
    const s = await stored();
    const p = await row(s.packageId);
    assert.equal(Date.parse(p.expires_at) - Date.parse(p.created_at), 7 * DAY);
    assert.equal(Date.parse(s.deleteAt) - Date.parse(p.created_at), 30 * DAY);
    const job = await ctx.db.deps.db.selectFrom('jobs').selectAll().where('kind', '=', PURGE_PACKAGE_JOB).where('ref_id', '=', s.packageId).executeTakeFirstOrThrow();
    assert.equal(job.run_at, s.deleteAt);
    assert.equal(job.workspace_id, s.workspace.id);
    const [created] = await events(s.requestId);
    assert.deepEqual({ ...created, detail: JSON.parse(created.detail) }, {
      kind: 'package_created', actor: 'trustroom', detail: { packageId: s.packageId, size: s.pkg.zip.length, sha256: s.pkg.sha256, expiresAt: p.expires_at, deleteAt: s.deleteAt },
    });
    const audit = await ctx.db.deps.db.selectFrom('audit_events').selectAll().where('subject_id', '=', s.requestId).execute();
    assert.deepEqual(audit.map((a) => a.action), ['request.package_created']);
    assert.ok(!JSON.stringify(audit).includes(ALICE_EMAIL));
  });

  it('downloads once: the exact zip, then 410 for the second download, recorded as downloaded', async () => {
    const s = await stored();
    assert.equal((await viewAccessPackage(deps(), s.token)).state, 'open');
    const d = await downloadAccessPackage(deps(), key, s.token);
    assert.ok(d.bytes.equals(s.pkg.zip));
    assert.equal(d.fileName, s.pkg.fileName);
    assert.ok(JSON.parse(Buffer.from(unzipSync(new Uint8Array(d.bytes))['data/shop.customers.json']).toString()).rows[0].email === ALICE_EMAIL);
    await assert.rejects(downloadAccessPackage(deps(), key, s.token), gone);
    assert.equal((await viewAccessPackage(deps(), s.token)).state, 'gone');
    assert.ok((await row(s.packageId)).downloaded_at);
    assert.deepEqual((await events(s.requestId)).map((e) => [e.kind, e.actor]), [['package_created', 'trustroom'], ['package_downloaded', 'download link']]);
    const audit = await ctx.db.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', s.requestId).orderBy('seq').execute();
    assert.deepEqual(audit.map((a) => a.action), ['request.package_created', 'request.package_downloaded']);
  });

  it('lets only one of two simultaneous downloads through', async () => {
    const s = await stored();
    const results = await Promise.allSettled([downloadAccessPackage(deps(), key, s.token), downloadAccessPackage(deps(), key, s.token)]);
    assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
    assert.ok(gone((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason));
  });

  it('refuses an expired link (410) and a token that matches nothing (404)', async () => {
    const s = await stored();
    offset = 7 * DAY + 1000;
    assert.equal((await viewAccessPackage(deps(), s.token)).state, 'gone');
    await assert.rejects(downloadAccessPackage(deps(), key, s.token), gone);
    await assert.rejects(downloadAccessPackage(deps(), key, `${s.token}x`), (e) => isAppError(e) && e.status === 404);
    assert.equal((await row(s.packageId)).downloaded_at, null);
  });

  it('fails with a wrong key without spending the link', async () => {
    const s = await stored();
    await assert.rejects(downloadAccessPackage(deps(), randomBytes(32), s.token), (e) => isAppError(e) && e.code === 'package_undecryptable');
    assert.equal((await row(s.packageId)).downloaded_at, null);
    assert.ok((await downloadAccessPackage(deps(), key, s.token)).bytes.equals(s.pkg.zip));
  });

  it('purges at the end of retention: ciphertext gone, the link answers 410, the row keeps size and SHA-256, once', async () => {
    const s = await stored();
    offset = 30 * DAY;
    assert.equal(await purgeAccessPackage(deps(), s.packageId), true);
    assert.equal(await purgeAccessPackage(deps(), s.packageId), false);
    const p = await row(s.packageId);
    assert.equal(p.ciphertext_base64, null);
    assert.ok(p.deleted_at);
    assert.equal(p.sha256, s.pkg.sha256);
    offset = 0;
    assert.equal((await viewAccessPackage(deps(), s.token)).state, 'gone');
    await assert.rejects(downloadAccessPackage(deps(), key, s.token), gone);
    assert.deepEqual((await events(s.requestId)).map((e) => [e.kind, JSON.parse(e.detail).reason ?? null]), [['package_created', null], ['package_deleted', 'retention_ended']]);
  });

  it('is purged by the background worker when its retention ends, not before', async () => {
    const s = await stored();
    const worker = createBackground(deps(), { smtpUrl: null, mailFrom: 'T <t@t.test>', dataDir: tmpdir(), jobLeaseMs: 60_000, allowPrivateWebhooks: false }, pino({ level: 'silent' })).worker;
    offset = 30 * DAY - 60_000;
    await worker.drain();
    assert.equal((await row(s.packageId)).deleted_at, null);
    offset = 30 * DAY + 1000;
    await worker.drain();
    const p = await row(s.packageId);
    assert.ok(p.deleted_at);
    assert.equal(p.ciphertext_base64, null);
    await worker.stop();
  });
});
