import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { envFor, runTrustroom } from '../../../test/cli.ts';
import { DIALECTS, openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildCustomer, buildWorkspace } from '../../../test/factories.ts';
import { createDb } from '../../db/connect.ts';
import { migrateOrThrow } from '../../db/migrate.ts';
import { createActivity } from '../../modules/records/manage-activities.ts';
import { systemClock } from '../../shared/clock.ts';

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = !DIALECTS.includes(dialect) ? `${dialect} not selected` : dialect === 'postgres' && !process.env.TEST_PG_URL ? 'no PostgreSQL server: run through npm test' : false;
  describe(`trustroom records export [${dialect}]`, { skip }, () => {
    let db: TestDb;
    let dir: string;
    let customerId: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'trustroom-records-'));
      if (dialect === 'sqlite') {
        // The CLI opens its own connection, so SQLite must be a file here, not memory.
        const handle = createDb({ kind: 'sqlite', path: join(dir, 'trustroom.db') });
        await migrateOrThrow(handle.db);
        db = { ...handle, url: null, deps: { db: handle.db, caps: handle.caps, clock: systemClock, publicUrl: 'http://trustroom.test' } };
      } else db = await openTestDb('postgres');
      const { scope } = await buildWorkspace(db.deps, { slug: 'acme' });
      await createActivity(db.deps, scope, { role: 'processor', name: 'Hosting', purposes: ['Hosting'], dataSubjects: ['End users'], dataCategories: ['user.content'] });
      customerId = (await buildCustomer(db.deps, scope, { name: 'Globex SA' })).id;
    });
    after(async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('writes the processor record of one customer as CSV to stdout with exit code 0', async () => {
      const r = await runTrustroom(['records', 'export', '--workspace', 'acme', '--kind', 'processor', '--customer', customerId, '--format', 'csv'], envFor(db, dir));
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^\uFEFFcustomer,/);
      assert.match(r.stdout, /\r\nGlobex SA,FR,.*,Hosting,/);
    });

    it('writes a PDF to the file named by --out', async () => {
      const out = join(dir, 'record.pdf');
      const r = await runTrustroom(['records', 'export', '-w', 'acme', '--kind', 'controller', '--format', 'pdf', '--out', out], envFor(db, dir));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(out).subarray(0, 5).toString(), '%PDF-');
    });

    it('exits with code 2 naming the bad option', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['--workspace', 'acme', '--kind', 'processor', '--format', 'xls'], /--format: must be one of json, csv, jsonld, pdf/],
        [['--workspace', 'acme', '--format', 'csv'], /--kind: is required/],
        [['--workspace', 'nope', '--kind', 'processor', '--format', 'csv'], /--workspace: no workspace has this slug/],
        [['--workspace', 'acme', '--kind', 'processor', '--customer', 'missing', '--format', 'csv'], /--customer: no customer of this workspace has this id/],
      ];
      for (const [args, message] of cases) {
        const r = await runTrustroom(['records', 'export', ...args], envFor(db, dir));
        assert.equal(r.code, 2, args.join(' '));
        assert.match(r.stderr, message);
      }
    });
  });
}
