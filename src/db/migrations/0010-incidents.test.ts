import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DIALECTS, openTestDb, type TestDb } from '../../../test/dialects.ts';
import { migrateOrThrow } from '../migrate.ts';

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = !DIALECTS.includes(dialect) ? `${dialect} not selected` : dialect === 'postgres' && !process.env.TEST_PG_URL ? 'no PostgreSQL server: run through npm test' : false;
  describe(`migration 0010-incidents [${dialect}]`, { skip }, () => {
    let db: TestDb | null = null;
    after(async () => db?.close());

    it('keeps existing customers with no contractual breach hours, and refuses a second obligation for the same regime and recipient', async () => {
      db = await openTestDb(dialect, undefined, { upTo: '0009-customer-api-tokens' });
      const k = db.db as any;
      const now = '2026-11-01T00:00:00.000Z';
      await k.insertInto('workspaces').values({ id: 'w1', slug: 'w1', name: 'w1', created_at: now }).execute();
      await k.insertInto('customers').values({ id: 'c1', workspace_id: 'w1', name: 'Shop SAS', authorisation: 'general', created_at: now, updated_at: now }).execute();

      await migrateOrThrow(db.db);

      assert.deepEqual(await k.selectFrom('customers').select(['id', 'breach_notice_hours']).execute(), [{ id: 'c1', breach_notice_hours: null }]);
      await k.insertInto('incidents').values({ id: 'i1', workspace_id: 'w1', title: 't', description: 'd', started_at: now, aware_at: now, created_at: now, updated_at: now }).execute();
      const incident = await k.selectFrom('incidents').select(['status', 'controller_data', 'data_categories', 'is_breach']).executeTakeFirst();
      assert.deepEqual(incident, { status: 'open', controller_data: 0, data_categories: '[]', is_breach: null });
      const obligation = { workspace_id: 'w1', incident_id: 'i1', regime: 'gdpr-art33-2', recipient: 'customer:c1', customer_id: 'c1', due_at: null, due_basis: 'b', decision: 'applies', state: 'open', created_at: now, updated_at: now };
      await k.insertInto('incident_obligations').values({ id: 'o1', ...obligation }).execute();
      await assert.rejects(k.insertInto('incident_obligations').values({ id: 'o2', ...obligation }).execute());
    });
  });
}
