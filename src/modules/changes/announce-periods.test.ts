import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildCustomer, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { Clock } from '../../shared/clock.ts';
import { announceChange } from './announce-change.ts';
import { createChange } from './manage-changes.ts';

// Friday 1 Oct 2027, 10:00 in Berlin.
const clock: Clock = { now: () => new Date('2027-10-01T08:00:00Z') };

forEachDialect('announcing with periods and calendars', (ctx) => {
  it("stores each customer's period, calendar and dates counted with its subdivision's holidays", async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    await deps.db.updateTable('workspaces').set({ time_zone: 'Europe/Berlin' }).where('id', '=', workspace.id).execute();
    const entity = await buildEntity(deps, scope, { name: 'Hetzner Online GmbH', country: 'DE' });
    const bavarian = await buildCustomer(deps, scope, { name: 'Bayern AG', country: 'DE', subdivision: 'DE-BY', noticePeriod: '1m' });
    const berliner = await buildCustomer(deps, scope, { name: 'Berlin GmbH', country: 'DE', subdivision: 'DE-BE', noticePeriod: '1 month' });
    const weekly = await buildCustomer(deps, scope, { name: 'Wien GmbH', country: 'AT', noticePeriod: '2w' });
    const draft = await createChange(deps, scope, {
      title: 'New hosting provider', reason: 'Capacity', proposedDate: '2027-10-15',
      operations: [{ op: 'add', engagement: { entityId: entity.id, purpose: 'Hosting', countries: ['DE'], transferMechanisms: [] } }],
    });
    await announceChange(deps, scope, draft.id);
    const rows = await deps.db.selectFrom('change_customers')
      .select(['customer_id', 'notice_period', 'calendar', 'notice_days', 'window_ends_on', 'effective_date', 'effective_at'])
      .where('change_id', '=', draft.id).execute();
    const byCustomer = new Map(rows.map((r) => [r.customer_id, r]));
    // Regulation 1182/71 Art 3(2)(c): 1 Oct 2027 + 1 month = Monday 1 Nov 2027. All Saints (1 Nov) is a
    // public holiday in Bavaria (Feiertagsgesetz Art 1), not in Berlin: Art 3(4) moves the Bavarian
    // notice to Tuesday 2 Nov. The change starts the day after, at 00:00 in Berlin (UTC+1 after 31 Oct).
    assert.deepEqual(byCustomer.get(bavarian.id), {
      customer_id: bavarian.id, notice_period: '1m', calendar: 'DE-BY', notice_days: 28,
      window_ends_on: '2027-11-02', effective_date: '2027-11-03', effective_at: '2027-11-02T23:00:00.000Z',
    });
    assert.deepEqual(byCustomer.get(berliner.id), {
      customer_id: berliner.id, notice_period: '1m', calendar: 'DE-BE', notice_days: 28,
      window_ends_on: '2027-11-01', effective_date: '2027-11-02', effective_at: '2027-11-01T23:00:00.000Z',
    });
    // Art 3(2)(c): Friday 1 Oct + 2 weeks = Friday 15 Oct 2027, a working day in Austria; in effect Saturday 16 Oct at 00:00 (UTC+2).
    assert.deepEqual(byCustomer.get(weekly.id), {
      customer_id: weekly.id, notice_period: '2w', calendar: 'AT', notice_days: 14,
      window_ends_on: '2027-10-15', effective_date: '2027-10-16', effective_at: '2027-10-15T22:00:00.000Z',
    });
  });
}, { clock });
