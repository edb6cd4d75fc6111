import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DIALECTS, openTestDb, type TestDb } from '../../../test/dialects.ts';
import { sha256 } from '../../shared/ids.ts';
import { migrateOrThrow } from '../migrate.ts';

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = !DIALECTS.includes(dialect) ? `${dialect} not selected` : dialect === 'postgres' && !process.env.TEST_PG_URL ? 'no PostgreSQL server: run through npm test' : false;
  describe(`migration 0007-hardening [${dialect}]`, { skip }, () => {
    let db: TestDb | null = null;
    after(async () => db?.close());

    it('carries every subscriber\'s unsubscribe secret over as a hash, with several subscribers in several workspaces', async () => {
      db = await openTestDb(dialect, undefined, { upTo: '0006-customer-truth' });
      const k = db.db as any;
      const now = '2026-11-01T00:00:00.000Z';
      for (const ws of ['w1', 'w2']) await k.insertInto('workspaces').values({ id: ws, slug: ws, name: ws, created_at: now }).execute();
      const subs = [['s1', 'w1', 'secret-one'], ['s2', 'w1', 'secret-two'], ['s3', 'w2', 'secret-three']];
      for (const [id, ws, token] of subs) {
        await k.insertInto('subscribers').values({ id, workspace_id: ws, email: `${id}@example.test`, status: 'confirmed', services: '[]', regions: '[]', confirm_token_hash: null, unsubscribe_token: token, created_at: now, confirmed_at: now, unsubscribed_at: null }).execute();
      }

      await migrateOrThrow(db.db);

      const links = await k.selectFrom('unsubscribe_links').select(['token_hash', 'subscriber_id', 'workspace_id']).orderBy('subscriber_id').execute();
      assert.deepEqual(links, subs.map(([id, ws, token]) => ({ token_hash: sha256(token!), subscriber_id: id, workspace_id: ws })));
      const rows = await k.selectFrom('subscribers').select(['id', 'unsubscribe_token']).orderBy('id').execute();
      assert.deepEqual(rows.map((r: { id: string; unsubscribe_token: string }) => r.unsubscribe_token), ['s1', 's2', 's3'], 'no clear secret is left; each row holds its own id');
    });
  });
}
