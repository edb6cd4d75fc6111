import assert from 'node:assert/strict';
import { beforeEach, it } from 'node:test';
import { createDb } from '../../db/connect.ts';
import type { Clock } from '../../shared/clock.ts';
import { systemClock } from '../../shared/clock.ts';
import type { Deps } from '../../shared/deps.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { enqueueJob, enqueueJobs } from './enqueue-job.ts';
import { type Job, JobWorker } from './job-worker.ts';

/** A clock the test moves by hand. */
function manualClock(iso = '2030-03-01T09:00:00.000Z'): Clock & { advance(ms: number): void } {
  let t = new Date(iso).getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

forEachDialect('job worker', (ctx) => {
  const testDeps = () => {
    const clock = manualClock();
    return { deps: { ...ctx.db.deps, clock } as Deps, clock };
  };
  const jobRow = (deps: Deps, refId: string) => deps.db.selectFrom('jobs').selectAll().where('ref_id', '=', refId).executeTakeFirstOrThrow();

  // One database per suite: every test starts with an empty job table.
  beforeEach(async () => {
    await ctx.db.deps.db.deleteFrom('jobs').execute();
  });

  it('runs a due job and leaves a job scheduled later waiting until its time', async () => {
    const { deps, clock } = testDeps();
    const ran: string[] = [];
    const worker = new JobWorker(deps, { handlers: { 'test.note': async (job) => void ran.push(job.ref_id) } });
    await enqueueJob(deps, { kind: 'test.note', refId: 'now' });
    await enqueueJob(deps, { kind: 'test.note', refId: 'later', runAt: new Date(clock.now().getTime() + 3600_000) });

    assert.equal(await worker.drain(), 1);
    assert.deepEqual(ran, ['now']);
    assert.equal((await jobRow(deps, 'now')).status, 'done');
    assert.equal((await jobRow(deps, 'later')).status, 'pending');

    clock.advance(3599_000);
    assert.equal(await worker.drain(), 0, 'a second before its time it still waits');
    clock.advance(1000);
    assert.equal(await worker.drain(), 1);
    assert.deepEqual(ran, ['now', 'later']);
    const later = await jobRow(deps, 'later');
    assert.equal(later.status, 'done');
    assert.equal(later.attempts, 1);
    assert.equal(later.locked_by, null);
  });

  it('retries a failing job after the backoff it computes and gives up after max_attempts, calling the give-up handler once', async () => {
    const { deps, clock } = testDeps();
    const backoffCalls: number[] = [];
    const gaveUp: { job: Job; error: string }[] = [];
    const worker = new JobWorker(deps, {
      handlers: { 'test.flaky': async () => { throw new Error('550 mailbox of dpo@customer.test is full'); } },
      onGiveUp: { 'test.flaky': async (job, error) => void gaveUp.push({ job, error }) },
      backoffMs: (attempt) => {
        backoffCalls.push(attempt);
        return attempt * 60_000;
      },
    });
    await enqueueJob(deps, { kind: 'test.flaky', refId: 'r1', maxAttempts: 3 });

    assert.equal(await worker.drain(), 1);
    let job = await jobRow(deps, 'r1');
    assert.equal(job.status, 'pending');
    assert.equal(job.attempts, 1);
    assert.equal(job.run_at, new Date(clock.now().getTime() + 60_000).toISOString(), 'attempt 2 waits backoff(1)');
    assert.match(job.last_error ?? '', /mailbox of \[address\] is full/);
    assert.equal(await worker.drain(), 0, 'nothing runs before the retry is due');

    clock.advance(60_000);
    assert.equal(await worker.drain(), 1);
    job = await jobRow(deps, 'r1');
    assert.equal(job.run_at, new Date(clock.now().getTime() + 120_000).toISOString(), 'attempt 3 waits backoff(2)');
    assert.equal(gaveUp.length, 0);

    clock.advance(120_000);
    assert.equal(await worker.drain(), 1);
    job = await jobRow(deps, 'r1');
    assert.equal(job.status, 'failed');
    assert.equal(job.attempts, 3);
    assert.equal(job.finished_at, clock.now().toISOString());
    assert.deepEqual(backoffCalls, [1, 2], 'no backoff is computed after the last attempt');
    assert.equal(gaveUp.length, 1);
    assert.equal(gaveUp[0].job.id, job.id);
    assert.equal(gaveUp[0].error, '550 mailbox of [address] is full', 'the give-up handler gets the error without the address');

    clock.advance(86_400_000);
    assert.equal(await worker.drain(), 0, 'a failed job never runs again');
  });

  it('claims again a job locked by a worker that died, once its lease is over', async () => {
    const { deps, clock } = testDeps();
    const ran: string[] = [];
    const worker = new JobWorker(deps, { handlers: { 'test.note': async (job) => void ran.push(job.ref_id) } });
    await enqueueJob(deps, { kind: 'test.note', refId: 'orphan' });
    // What a killed process leaves behind: the claim (lock, lease, attempt) and nothing else.
    await deps.db.updateTable('jobs').set({ locked_by: 'dead-host:1:abc', locked_until: new Date(clock.now().getTime() + 10_000).toISOString(), attempts: 1 })
      .where('ref_id', '=', 'orphan').execute();

    assert.equal(await worker.drain(), 0, 'the dead worker still holds the lease');
    clock.advance(10_001);
    assert.equal(await worker.drain(), 1);
    assert.deepEqual(ran, ['orphan']);
    const job = await jobRow(deps, 'orphan');
    assert.equal(job.status, 'done');
    assert.equal(job.attempts, 2);
  });

  it('renews the lease of a job that runs longer than the lease, so another worker does not run it too', async () => {
    const deps = { ...ctx.db.deps, clock: systemClock };
    const runs: string[] = [];
    const slow = async (job: Job) => {
      runs.push(job.ref_id);
      await new Promise((r) => setTimeout(r, 2000));
    };
    // Renewed every 200 ms; without renewal the lease would end after 600 ms, mid-job.
    const first = new JobWorker(deps, { handlers: { 'test.slow': slow }, leaseMs: 600 });
    const second = new JobWorker(deps, { handlers: { 'test.slow': slow }, leaseMs: 600 });
    await enqueueJob(deps, { kind: 'test.slow', refId: 'long' });
    const draining = first.drain();
    await new Promise((r) => setTimeout(r, 50));
    let secondRan = 0;
    for (let i = 0; i < 12; i++) {
      await new Promise((r) => setTimeout(r, 150));
      secondRan += await second.drain();
    }
    assert.equal(await draining, 1);
    assert.equal(secondRan, 0, 'the lease was renewed while the job ran');
    assert.deepEqual(runs, ['long']);
    assert.equal((await jobRow(deps, 'long')).status, 'done');
  });

  it('hands claimed jobs that never started back when it stops, for another worker to run at once', async () => {
    const deps = { ...ctx.db.deps, clock: systemClock };
    let release = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const ranByFirst: string[] = [];
    const first = new JobWorker(deps, { handlers: { 'test.gated': async (job) => { ranByFirst.push(job.ref_id); await gate; } }, concurrency: 1, pollMs: 60_000 });
    await enqueueJobs(deps, Array.from({ length: 5 }, (_, i) => ({ kind: 'test.gated', refId: `g${i}` })));
    first.start();
    while (ranByFirst.length === 0) await new Promise((r) => setTimeout(r, 10));
    const stopping = first.stop();
    release();
    await stopping;
    assert.equal(ranByFirst.length, 1, 'the running job finished; the waiting ones were not started');

    const ranBySecond: string[] = [];
    const second = new JobWorker(deps, { handlers: { 'test.gated': async (job) => void ranBySecond.push(job.ref_id) } });
    assert.equal(await second.drain(), 4, 'no lease to wait for');
    assert.deepEqual([...ranByFirst, ...ranBySecond].sort(), ['g0', 'g1', 'g2', 'g3', 'g4']);
    const rows = await deps.db.selectFrom('jobs').select(['status', 'attempts']).execute();
    assert.ok(rows.every((r) => r.status === 'done' && r.attempts === 1), 'a handed-back job does not count an attempt');
  });

  it('runs each of 2,000 jobs exactly once when two workers with their own connections drain them at the same time', async () => {
    // On PostgreSQL each worker gets its own pool, as two processes would; SQLite in memory has one connection.
    const second = ctx.db.url ? createDb({ kind: 'postgres', url: ctx.db.url }) : null;
    try {
      const depsA = { ...ctx.db.deps, clock: systemClock };
      const depsB = second ? { ...depsA, db: second.db } : depsA;
      const runs = new Map<string, number>();
      const by = { a: 0, b: 0 };
      const handler = (who: 'a' | 'b') => async (job: Job) => {
        runs.set(job.ref_id, (runs.get(job.ref_id) ?? 0) + 1);
        by[who]++;
        await new Promise((r) => setImmediate(r));
      };
      await enqueueJobs(depsA, Array.from({ length: 2000 }, (_, i) => ({ kind: 'test.count', refId: `c${i}` })));
      const a = new JobWorker(depsA, { handlers: { 'test.count': handler('a') }, batch: 50 });
      const b = new JobWorker(depsB, { handlers: { 'test.count': handler('b') }, batch: 50 });
      const [ranA, ranB] = await Promise.all([a.drain(), b.drain()]);
      assert.equal(ranA + ranB, 2000);
      assert.equal(runs.size, 2000);
      assert.deepEqual([...runs.values()].filter((n) => n !== 1), [], 'no job ran twice');
      assert.ok(by.a > 0 && by.b > 0, `both workers took jobs (a ${by.a}, b ${by.b})`);
      const pending = await depsA.db.selectFrom('jobs').select('id').where('status', '!=', 'done').execute();
      assert.equal(pending.length, 0);
    } finally {
      await second?.close();
    }
  });
});
