import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { envFor, runTrustroom } from '../../../test/cli.ts';
import { DIALECTS, openTestDb, type TestDb } from '../../../test/dialects.ts';
import { buildCustomer, buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { createDb } from '../../db/connect.ts';
import { migrateOrThrow } from '../../db/migrate.ts';
import { setBreachNoticeHours, setIncidentScope } from '../../modules/incidents/incident-decisions.ts';
import { recordIncident } from '../../modules/incidents/manage-incidents.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';
import { systemClock } from '../../shared/clock.ts';

for (const dialect of ['sqlite', 'postgres'] as const) {
  const skip = !DIALECTS.includes(dialect) ? `${dialect} not selected` : dialect === 'postgres' && !process.env.TEST_PG_URL ? 'no PostgreSQL server: run through npm test' : false;
  describe(`trustroom incidents obligations [${dialect}]`, { skip }, () => {
    let db: TestDb;
    let dir: string;
    let incidentId: string;
    let customerId: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'trustroom-incidents-cli-'));
      if (dialect === 'sqlite') {
        // The CLI opens its own connection, so SQLite must be a file here, not memory.
        const handle = createDb({ kind: 'sqlite', path: join(dir, 'trustroom.db') });
        await migrateOrThrow(handle.db);
        db = { ...handle, url: null, deps: { db: handle.db, caps: handle.caps, clock: systemClock, publicUrl: 'http://trustroom.test' } };
      } else db = await openTestDb('postgres');
      const { scope } = await buildWorkspace(db.deps, { slug: 'acme-breach' });
      const entity = await buildEntity(db.deps, scope, { name: 'Storage Co' });
      await buildEngagement(db.deps, scope, { entityId: entity.id });
      customerId = (await buildCustomer(db.deps, scope, { name: 'Shop SAS', contacts: [{ email: 'dpo@shop.example' }] })).id;
      await setBreachNoticeHours(db.deps, scope, customerId, { breachNoticeHours: 48 });
      await publishListVersion(db.deps, scope, {});
      const now = Date.now();
      const incident = await recordIncident(db.deps, scope, {
        title: 'Storage breach', description: 'Access to a storage array.', controllerData: true,
        startedAt: new Date(now + 1000).toISOString(), awareAt: '2100-01-01T10:00:00+01:00',
      });
      incidentId = incident.id;
      await setIncidentScope(db.deps, scope, incidentId, { entities: [entity.id] });
    });
    after(async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('prints each obligation with its recipient, regime, due instant and state as JSON', async () => {
      const r = await runTrustroom(['incidents', 'obligations', '--workspace', 'acme-breach', '--incident', incidentId, '--json'], envFor(db, dir));
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { obligations: Array<{ recipient: string; regime: string; dueAt: string | null; state: string; clock: string }> };
      assert.deepEqual(out.obligations.map((o) => [o.recipient, o.regime, o.dueAt, o.state]), [
        [`customer:${customerId}`, 'gdpr-art33-2', '2100-01-03T09:00:00.000Z', 'open'],
        ['authority', 'gdpr-art33-1', '2100-01-04T09:00:00.000Z', 'open'],
        ['data_subjects', 'gdpr-art34', null, 'open'],
      ]);
      assert.match(out.obligations[0]!.clock, /^due in \d+ h$/);
      assert.doesNotMatch(r.stdout, /dpo@shop\.example/);
    });

    it('exits 2 naming a bad option', async () => {
      let r = await runTrustroom(['incidents', 'obligations', '--workspace', 'acme-breach', '--incident', 'nope'], envFor(db, dir));
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--incident: no incident of this workspace has this id/);
      r = await runTrustroom(['incidents', 'obligations', '--workspace', 'nope', '--incident', incidentId], envFor(db, dir));
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--workspace/);
    });
  });
}
