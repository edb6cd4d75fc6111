import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { envFor, runTrustroom } from '../../../test/cli.ts';
import { DIALECTS, openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildWorkspace } from '../../../test/factories.ts';
import { createDb } from '../../db/connect.ts';
import { migrateOrThrow } from '../../db/migrate.ts';
import { submitRequest } from '../../modules/requests/submit-request.ts';
import { systemClock } from '../../shared/clock.ts';

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = !DIALECTS.includes(dialect) ? `${dialect} not selected` : dialect === 'postgres' && !process.env.TEST_PG_URL ? 'no PostgreSQL server: run through npm test' : false;
  describe(`trustroom requests list and show [${dialect}]`, { skip }, () => {
    let db: TestDb;
    let dir: string;
    let reference: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'trustroom-requests-cli-'));
      if (dialect === 'sqlite') {
        // The CLI opens its own connection, so SQLite must be a file here, not memory.
        const handle = createDb({ kind: 'sqlite', path: join(dir, 'trustroom.db') });
        await migrateOrThrow(handle.db);
        db = { ...handle, url: null, deps: { db: handle.db, caps: handle.caps, clock: systemClock, publicUrl: 'http://trustroom.test' } };
      } else db = await openTestDb('postgres');
      const { scope } = await buildWorkspace(db.deps, { slug: 'acme-dsr' });
      const { request } = await submitRequest(db.deps, scope.workspaceId, { type: 'erasure', email: 'private@example.org', identityChecked: true, identityNote: 'ok' }, { channel: 'operator', actor: scope.actor });
      reference = request.reference;
    });
    after(async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('prints the open queue as JSON without the person’s address', async () => {
      const r = await runTrustroom(['requests', 'list', '--workspace', 'acme-dsr', '--json'], envFor(db, dir));
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { requests: { reference: string; status: string }[] };
      assert.deepEqual(out.requests.map((x) => [x.reference, x.status]), [[reference, 'in_progress']]);
      assert.doesNotMatch(r.stdout, /private@example\.org/);
    });

    it('shows one request with its ledger and timeline', async () => {
      const r = await runTrustroom(['requests', 'show', '--workspace', 'acme-dsr', '--reference', reference], envFor(db, dir));
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /due: \d{4}-\d{2}-\d{2} — 1 month from/);
      assert.match(r.stdout, /received by/);
    });

    it('exits 2 naming a bad option', async () => {
      const r = await runTrustroom(['requests', 'list', '--workspace', 'nope', '--state', 'sideways'], envFor(db, dir));
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--state/);
    });
  });
}
