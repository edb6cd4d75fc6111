import assert from 'node:assert/strict';
import { beforeEach, it } from 'node:test';
import { fixedClock } from '../../shared/clock.ts';
import { inTransaction } from '../../shared/deps.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { cancelJobs, enqueueJob, enqueueJobs } from './enqueue-job.ts';

forEachDialect('enqueueing jobs', (ctx) => {
  const deps = () => ({ ...ctx.db.deps, clock: fixedClock('2030-03-01T09:00:00.000Z') });

  beforeEach(async () => {
    await ctx.db.deps.db.deleteFrom('jobs').execute();
  });

  it('keeps one job when the same idempotency key is enqueued twice, the first one', async () => {
    await enqueueJob(deps(), { kind: 'email.send', refId: 'm1', idempotencyKey: 'notice:c1:s1', runAt: new Date('2030-03-02T00:00:00.000Z') });
    await enqueueJob(deps(), { kind: 'email.send', refId: 'm2', idempotencyKey: 'notice:c1:s1', runAt: new Date('2030-03-05T00:00:00.000Z') });
    const rows = await ctx.db.deps.db.selectFrom('jobs').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].ref_id, 'm1');
    assert.equal(rows[0].run_at, '2030-03-02T00:00:00.000Z');
  });

  it('keeps one job per key when one batch holds a key twice and another key already stored', async () => {
    await enqueueJob(deps(), { kind: 'email.send', refId: 'x', idempotencyKey: 'k-existing' });
    await enqueueJobs(deps(), [
      { kind: 'email.send', refId: 'a', idempotencyKey: 'k-a' },
      { kind: 'email.send', refId: 'a-again', idempotencyKey: 'k-a' },
      { kind: 'email.send', refId: 'x-again', idempotencyKey: 'k-existing' },
      { kind: 'email.send', refId: 'b', idempotencyKey: 'k-b' },
    ]);
    const rows = await ctx.db.deps.db.selectFrom('jobs').select(['idempotency_key', 'ref_id']).orderBy('idempotency_key').execute();
    assert.deepEqual(rows, [
      { idempotency_key: 'k-a', ref_id: 'a' },
      { idempotency_key: 'k-b', ref_id: 'b' },
      { idempotency_key: 'k-existing', ref_id: 'x' },
    ]);
  });

  it('derives the key from kind and row when none is given, so the same job for the same row is one job', async () => {
    await enqueueJob(deps(), { kind: 'change.apply', refId: 'ch1' });
    await enqueueJob(deps(), { kind: 'change.apply', refId: 'ch1' });
    await enqueueJob(deps(), { kind: 'change.apply', refId: 'ch2' });
    const rows = await ctx.db.deps.db.selectFrom('jobs').select('idempotency_key').orderBy('idempotency_key').execute();
    assert.deepEqual(rows.map((r) => r.idempotency_key), ['change.apply:ch1', 'change.apply:ch2']);
  });

  it('adds no job when the transaction that enqueued it rolls back', async () => {
    await assert.rejects(inTransaction(deps(), async (tx) => {
      await enqueueJob(tx, { kind: 'email.send', refId: 'rolled-back' });
      throw new Error('the change failed');
    }), /the change failed/);
    assert.equal((await ctx.db.deps.db.selectFrom('jobs').select('id').execute()).length, 0);
  });

  it('cancels only the pending jobs of the kind and row', async () => {
    await enqueueJobs(deps(), [{ kind: 'change.apply', refId: 'ch1' }, { kind: 'change.apply', refId: 'ch2' }, { kind: 'email.send', refId: 'ch1' }]);
    await cancelJobs(deps(), 'change.apply', 'ch1');
    const rows = await ctx.db.deps.db.selectFrom('jobs').select(['kind', 'ref_id', 'status']).orderBy('kind').orderBy('ref_id').execute();
    assert.deepEqual(rows, [
      { kind: 'change.apply', ref_id: 'ch1', status: 'cancelled' },
      { kind: 'change.apply', ref_id: 'ch2', status: 'pending' },
      { kind: 'email.send', ref_id: 'ch1', status: 'pending' },
    ]);
  });
});
