import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { envFor, runTrustroom } from '../../../test/cli.ts';
import { DIALECTS, openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildEngagement, buildWorkspace } from '../../../test/factories.ts';
import { createDb } from '../../db/connect.ts';
import { migrateOrThrow } from '../../db/migrate.ts';
import { systemClock } from '../../shared/clock.ts';
import { enqueueJobs } from '../../modules/jobs/enqueue-job.ts';

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = !DIALECTS.includes(dialect) ? `${dialect} not selected` : dialect === 'postgres' && !process.env.TEST_PG_URL ? 'no PostgreSQL server: run through npm test' : false;
  describe(`trustroom audit verify and user commands [${dialect}]`, { skip }, () => {
    let db: TestDb;
    let dir: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'trustroom-cli-'));
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

    it('reports an intact log with exit code 0', async () => {
      const { scope } = await buildWorkspace(db.deps, { slug: 'acme' });
      await buildEngagement(db.deps, scope);
      const r = await runTrustroom(['audit', 'verify', '--json'], envFor(db, dir));
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.ok, true);
      assert.ok(out.events >= 3);
    });

    it('reports the first broken link after an event is altered in the database, with exit code 1', async () => {
      const ws = await db.deps.db.selectFrom('workspaces').select('id').where('slug', '=', 'acme').executeTakeFirstOrThrow();
      await db.deps.db.updateTable('audit_events').set({ after_json: '{"purpose":"rewritten history"}' }).where('workspace_id', '=', ws.id).where('seq', '=', 2).execute();
      const r = await runTrustroom(['audit', 'verify', '--json'], envFor(db, dir));
      assert.equal(r.code, 1);
      const out = JSON.parse(r.stdout);
      assert.equal(out.ok, false);
      assert.deepEqual(out.breaks.map((b: { workspace: string; seq: number; reason: string }) => [b.workspace, b.seq, b.reason]), [['acme', 2, 'hash_mismatch']]);
      const text = await runTrustroom(['audit', 'verify'], envFor(db, dir));
      assert.match(text.stdout, /BROKEN: workspace acme, event #2 .*hash mismatch/);
    });

    it('reports a deleted event as a broken link', async () => {
      const ws = await db.deps.db.selectFrom('workspaces').select('id').where('slug', '=', 'acme').executeTakeFirstOrThrow();
      await db.deps.db.updateTable('audit_events').set({ after_json: null }).where('workspace_id', '=', ws.id).where('seq', '=', 2).execute();
      await db.deps.db.deleteFrom('audit_events').where('workspace_id', '=', ws.id).where('seq', '=', 1).execute();
      const r = await runTrustroom(['audit', 'verify', '--json', '--workspace', 'acme'], envFor(db, dir));
      assert.equal(r.code, 1);
      assert.equal(JSON.parse(r.stdout).breaks[0].reason, 'seq_gap');
    });

    it('prints a working one-time sign-in link for an existing user and exits 2 for an unknown one', async () => {
      await runTrustroom(['user', 'create', '--email', 'ops@example.test'], envFor(db, dir));
      const ok = await runTrustroom(['user', 'link', '--email', 'OPS@example.test'], envFor(db, dir));
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /\/admin\/signin\/link\/\S{40,}/);
      const unknown = await runTrustroom(['user', 'link', '--email', 'nobody@example.test'], envFor(db, dir));
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /email: no user with this e-mail/);
      assert.doesNotMatch(unknown.stderr, /nobody@example\.test/, 'the address is not echoed');
    });

    it('runs the jobs that are due and leaves future ones, then reports them by kind and status', async () => {
      const { scope } = await buildWorkspace(db.deps, { slug: `jobs-${dialect}` });
      const now = Date.now();
      await enqueueJobs(db.deps, [
        { kind: 'email.send', refId: 'no-such-message', workspaceId: scope.workspaceId },
        { kind: 'change.apply', refId: 'no-such-change', workspaceId: scope.workspaceId, runAt: new Date(now + 86_400_000) },
      ]);
      const run = await runTrustroom(['jobs', 'run'], envFor(db, dir));
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^ran 1 due job$/m);
      const status = await runTrustroom(['jobs', 'status', '--json'], envFor(db, dir));
      assert.equal(status.code, 0, status.stderr);
      const counts = JSON.parse(status.stdout) as { kind: string; status: string; count: number }[];
      assert.deepEqual(counts.map((c) => [c.kind, c.status, c.count]), [['change.apply', 'pending', 1], ['email.send', 'done', 1]]);
    });

    it('exits 2 with a message naming the variable when the configuration is bad', async () => {
      const r = await runTrustroom(['audit', 'verify'], { ...envFor(db, dir), PORT: 'eighty' });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /PORT: must be an integer/);
    });
  });
}
