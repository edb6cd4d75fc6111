import assert from 'node:assert/strict';
import { verify } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { envFor, runTrustroom } from '../../../test/cli.ts';
import { DIALECTS, openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { createDb } from '../../db/connect.ts';
import { migrateOrThrow } from '../../db/migrate.ts';
import { checkpointText } from '../../modules/audit/audit-checkpoints.ts';
import { startServer } from '../../server.ts';
import { systemClock } from '../../shared/clock.ts';
import { loadConfig } from '../../shared/config.ts';

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = !DIALECTS.includes(dialect) ? `${dialect} not selected` : dialect === 'postgres' && !process.env.TEST_PG_URL ? 'no PostgreSQL server: run through npm test' : false;
  describe(`trustroom audit checkpoint, head and verify against checkpoints [${dialect}]`, { skip }, () => {
    let db: TestDb;
    let dir: string;
    let n = 0;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'trustroom-cli-audit-'));
      if (dialect === 'sqlite') {
        // The CLI opens its own connection, so SQLite must be a file here, not memory.
        const handle = createDb({ kind: 'sqlite', path: join(dir, 'trustroom.db') });
        await migrateOrThrow(handle.db);
        db = { ...handle, url: null, deps: { db: handle.db, caps: handle.caps, clock: systemClock, publicUrl: 'http://trustroom.test' } };
      } else db = await openTestDb('postgres');
    });
    after(async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const env = () => envFor(db, dir);

    /** A workspace with events, signed by `trustroom audit checkpoint`; returns its slug, id and head. */
    async function signed() {
      const slug = `cli-audit-${n++}`;
      const { scope } = await buildWorkspace(db.deps, { slug });
      await buildEngagement(db.deps, scope);
      const r = await runTrustroom(['audit', 'checkpoint', '--workspace', slug, '--json'], env());
      assert.equal(r.code, 0, r.stderr);
      const head = await db.deps.db.selectFrom('audit_events').select(['seq', 'hash']).where('workspace_id', '=', scope.workspaceId).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
      return { slug, id: scope.workspaceId, head, out: JSON.parse(r.stdout) };
    }

    it('creates the key file on first use (saying where) and signs the head now', async () => {
      const file = join(dir, 'audit-signing-key.pem');
      assert.equal(existsSync(file), false);
      const slug = `cli-audit-${n++}`;
      const { scope } = await buildWorkspace(db.deps, { slug });
      await buildEntity(db.deps, scope);
      const r = await runTrustroom(['audit', 'checkpoint', '--workspace', slug], env());
      assert.equal(r.code, 0, r.stderr);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.ok(r.stderr.includes(`Audit signing key created at ${file}`));
      assert.match(r.stdout, new RegExp(`^signed: workspace ${slug}, event #\\d+, head [0-9a-f]{64}$`, 'm'));
      const again = await runTrustroom(['audit', 'checkpoint', '--workspace', slug], env());
      assert.equal(again.stderr, '');
      assert.match(again.stdout, /nothing to sign/);
    });

    it('prints the latest signed checkpoint as JSON, with a signature the published public key verifies', async () => {
      const { slug, id, head } = await signed();
      const r = await runTrustroom(['audit', 'head', '--workspace', slug, '--json'], env());
      assert.equal(r.code, 0, r.stderr);
      const h = JSON.parse(r.stdout);
      assert.deepEqual(Object.keys(h), ['workspaceId', 'seq', 'headHash', 'signedAt', 'keyId', 'signature', 'publicKey']);
      assert.deepEqual([h.workspaceId, h.seq, h.headHash], [id, head.seq, head.hash]);
      assert.ok(verify(null, Buffer.from(checkpointText(h)), h.publicKey, Buffer.from(h.signature, 'base64')));
      const text = await runTrustroom(['audit', 'head', '--workspace', slug], env());
      assert.equal(text.code, 0, text.stderr);
      assert.ok(text.stdout.includes(`head hash  ${head.hash}`));
      assert.ok(text.stdout.includes(`key id     ${h.keyId}`));
      assert.ok(text.stdout.includes('-----BEGIN PUBLIC KEY-----'));
    });

    it('says so when a workspace has no checkpoint yet, and exits 2 without --workspace', async () => {
      const slug = `cli-audit-${n++}`;
      await buildWorkspace(db.deps, { slug });
      const none = await runTrustroom(['audit', 'head', '--workspace', slug], env());
      assert.equal(none.code, 1);
      assert.match(none.stderr, /no signed checkpoint yet: run trustroom audit checkpoint/);
      const missing = await runTrustroom(['audit', 'head'], env());
      assert.equal(missing.code, 2);
    });

    it('reports a chain recomputed after an edit (exit 1), which the hash check alone passes', async () => {
      const { slug, id, head } = await signed();
      // Rewrite event 2 and recompute every hash after it, as a database writer could.
      const { auditHashInput, GENESIS_HASH } = await import('../../modules/audit/record-audit-event.ts');
      const { sha256 } = await import('../../shared/ids.ts');
      await db.deps.db.updateTable('audit_events').set({ after_json: '{"purpose":"rewritten"}' }).where('workspace_id', '=', id).where('seq', '=', 2).execute();
      let prev = GENESIS_HASH;
      for (const row of await db.deps.db.selectFrom('audit_events').selectAll().where('workspace_id', '=', id).orderBy('seq').execute()) {
        const { hash: _h, id: rowId, ...rest } = row;
        const hash = sha256(auditHashInput({ ...rest, prev_hash: prev }));
        await db.deps.db.updateTable('audit_events').set({ prev_hash: prev, hash }).where('id', '=', rowId).execute();
        prev = hash;
      }
      const r = await runTrustroom(['audit', 'verify', '--workspace', slug, '--json'], env());
      assert.equal(r.code, 1);
      const out = JSON.parse(r.stdout);
      assert.deepEqual(out.breaks, []);
      assert.deepEqual(out.problems.map((p: { workspace: string; seq: number; reason: string }) => [p.workspace, p.seq, p.reason]), [[slug, head.seq, 'rechained']]);
      const text = await runTrustroom(['audit', 'verify', '--workspace', slug], env());
      assert.match(text.stdout, new RegExp(`BROKEN: workspace ${slug}: re-chained: event #${head.seq} differs from its signed checkpoint`));
      const expect = await runTrustroom(['audit', 'verify', '--workspace', slug, '--expect', head.hash], env());
      assert.equal(expect.code, 1);
      assert.match(expect.stdout, /the expected hash is the hash of no event/);
    });

    it('reports a truncated tail in words', async () => {
      const { slug, id, head } = await signed();
      await db.deps.db.deleteFrom('audit_events').where('workspace_id', '=', id).where('seq', '=', head.seq).execute();
      const r = await runTrustroom(['audit', 'verify', '--workspace', slug], env());
      assert.equal(r.code, 1);
      assert.match(r.stdout, new RegExp(`BROKEN: workspace ${slug}: truncated tail: checkpoint #${head.seq} was signed, the newest event is #${head.seq - 1}`));
    });

    it('passes an intact chain with the kept head given with --expect (exit 0)', async () => {
      const { slug, head } = await signed();
      const r = await runTrustroom(['audit', 'verify', '--workspace', slug, '--expect', head.hash.toUpperCase()], env());
      assert.equal(r.code, 0, r.stdout);
      assert.match(r.stdout, /^audit log intact: \d+ events in 1 chains, 1 signed checkpoints, expected hash found$/m);
    });

    it('exits 2 naming the flag for an --expect that is not a hash, and changes nothing', async () => {
      const { slug, id } = await signed();
      const before = await db.deps.db.selectFrom('audit_checkpoints').select('id').where('workspace_id', '=', id).execute();
      const r = await runTrustroom(['audit', 'verify', '--workspace', slug, '--expect', 'abc'], env());
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--expect: must be a SHA-256 hash \(64 hex characters\)/);
      assert.equal(r.stdout, '');
      assert.deepEqual(await db.deps.db.selectFrom('audit_checkpoints').select('id').where('workspace_id', '=', id).execute(), before);
    });

    it('exits 2 naming TRUSTROOM_AUDIT_KEY_FILE when the key file is not a key', async () => {
      const bad = join(dir, 'bad-key.pem');
      writeFileSync(bad, 'garbage');
      const r = await runTrustroom(['audit', 'checkpoint'], { ...env(), TRUSTROOM_AUDIT_KEY_FILE: bad });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /TRUSTROOM_AUDIT_KEY_FILE: the file is not a PEM private key/);
    });

    it('signs moved heads from trustroom jobs run (cron installs) when the key file exists', async () => {
      const slug = `cli-audit-${n++}`;
      const { scope } = await buildWorkspace(db.deps, { slug });
      await buildEntity(db.deps, scope);
      const r = await runTrustroom(['jobs', 'run'], env());
      assert.equal(r.code, 0, r.stderr);
      const rows = await db.deps.db.selectFrom('audit_checkpoints').select('seq').where('workspace_id', '=', scope.workspaceId).execute();
      assert.equal(rows.length, 1);
    });

    it('refuses to start the server with a bad key file, naming the variable (exit 2)', async () => {
      const bad = join(dir, 'bad-serve-key.pem');
      writeFileSync(bad, 'garbage');
      const r = await runTrustroom(['serve'], { ...env(), PORT: '0', TRUSTROOM_AUDIT_KEY_FILE: bad });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /invalid configuration: TRUSTROOM_AUDIT_KEY_FILE: the file is not a PEM private key/);
    });

    // Last: its worker signs every workspace of the database.
    it('creates the key on first server start with a console message, reuses it on the next, and signs moved heads in the background', async () => {
      const keyFile = join(dir, 'server', 'audit-signing-key.pem');
      const config = loadConfig({ ...env(), PORT: '0', LOG_LEVEL: 'silent', TRUSTROOM_AUDIT_KEY_FILE: keyFile, TRUSTROOM_OWNER_EMAIL: 'owner@example.test' });
      const slug = `cli-audit-${n++}`;
      const { scope } = await buildWorkspace(db.deps, { slug });
      const lines: string[] = [];
      const server = await startServer(config, { print: (l) => lines.push(l) });
      try {
        assert.ok(lines.some((l) => l.startsWith(`Audit signing key created at ${keyFile}`) && /outside the database and back it up/.test(l)), lines.join('\n'));
        assert.equal(statSync(keyFile).mode & 0o777, 0o600);
        const sweep = await server.background.signCheckpoints();
        const rows = await db.deps.db.selectFrom('audit_checkpoints').select('seq').where('workspace_id', '=', scope.workspaceId).execute();
        assert.equal(rows.length, 1, JSON.stringify(sweep?.refused));
      } finally {
        await server.stop();
      }
      const again: string[] = [];
      const second = await startServer(config, { print: (l) => again.push(l) });
      await second.stop();
      assert.ok(!again.some((l) => l.includes('Audit signing key created')), 'the key is reused');
    });
  });
}
