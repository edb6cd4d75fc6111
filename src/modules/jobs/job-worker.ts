import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Row } from '../../db/schema.ts';
import type { Deps } from '../../shared/deps.ts';
import { newId } from '../../shared/ids.ts';
import { batchCalls } from './batch-calls.ts';
import { jobSignals } from './enqueue-job.ts';

export type Job = Row<'jobs'>;

/**
 * Runs one job. It must be idempotent: after a crash the same job runs again. `prefetched` is
 * what the kind's prefetch loaded for this job, if it has one and it succeeded.
 */
export type JobHandler = (job: Job, prefetched?: unknown) => Promise<void>;

/**
 * Loads what a claimed group of jobs of one kind acts on, in one query, keyed by job id. It runs
 * right after the claim, while the jobs are leased to this worker and nothing else acts on them.
 */
export type JobPrefetch = (jobs: Job[]) => Promise<Map<string, unknown>>;

/** Called once when a job has used its last attempt, to mark what it was about as failed. */
export type GiveUpHandler = (job: Job, error: string) => Promise<void>;

export interface WorkerOptions {
  handlers: Record<string, JobHandler>;
  onGiveUp?: Record<string, GiveUpHandler>;
  prefetch?: Record<string, JobPrefetch>;
  leaseMs?: number;
  pollMs?: number;
  /** Jobs run at the same time (an SMTP pool's connections). */
  concurrency?: number;
  batch?: number;
  /** Delay before attempt n+1 after a failure; exponential by default. */
  backoffMs?: (attempt: number) => number;
  onError?: (error: unknown, job: Job | null) => void;
}

/**
 * Lanes of a worker: jobs running at once. More than the SMTP pool's connections, so a connection
 * finds the next message waiting while a lane stores its last acceptance. Each lane holds at most
 * one message between handing it to SMTP and storing that it was accepted: a process killed at
 * any moment has at most this many messages that its successor sends a second time.
 */
export const DEFAULT_JOB_CONCURRENCY = 8;

/**
 * How long successful jobs collect before their done mark is written. Lanes do not wait for it
 * (see `finish`), so a longer window costs nothing but fewer, larger statements.
 */
const DONE_BATCH_MS = 20;

/** 30 s, 1 min, 2 min … capped at 6 h. */
export const exponentialBackoff = (attempt: number): number => Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 6 * 3600_000);

const safeError = (e: unknown): string => {
  const text = e instanceof Error ? e.message : String(e);
  // Mail servers echo addresses in their replies; personal data stays out of stored errors.
  return text.replace(/[^\s<>@"']+@[^\s<>@"']+/g, '[address]').slice(0, 500);
};

/**
 * Claims due jobs from the shared table and runs them. Any number of processes may run a
 * worker on one PostgreSQL database: a claim takes rows with FOR UPDATE SKIP LOCKED and a lease,
 * so no job runs twice at once, and a job whose process died runs again when its lease ends.
 *
 * Jobs flow through a pipeline: `concurrency` lanes take claimed jobs one at a time, and the next
 * claim happens while they work, when fewer jobs wait than there are lanes, so an SMTP pool never
 * idles at a batch boundary. The leases of jobs in hand are renewed every third of the lease, and
 * a job whose lease is nearly over when its turn comes is left for the next claim instead of run,
 * so a job that waited in a slow process cannot run while another process claims it again.
 * Successful jobs are marked done in groups (one statement for the jobs finished meanwhile).
 */
export class JobWorker {
  readonly id = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  private running = false;
  private loop: Promise<unknown> | null = null;
  /** Claimed jobs waiting for a lane, in claim order. */
  private queue: Job[] = [];
  /** Lease end (ms since epoch) of every claimed job not finished yet: waiting or running. */
  private readonly leases = new Map<string, number>();
  private claiming: Promise<number> | null = null;
  private sleeping: { promise: Promise<void>; wake: () => void } | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private drains = 0;
  /** What prefetches loaded for claimed jobs not started yet. */
  private readonly prefetched = new Map<string, unknown>();
  /** Done marks not stored yet. */
  private readonly finishing = new Set<Promise<void>>();
  private readonly markDone: (id: string) => Promise<void>;
  private readonly opts: Required<Omit<WorkerOptions, 'onGiveUp' | 'onError' | 'prefetch'>> & Pick<WorkerOptions, 'onGiveUp' | 'onError' | 'prefetch'>;

  private readonly deps: Deps;

  constructor(deps: Deps, options: WorkerOptions) {
    this.deps = deps;
    this.opts = { leaseMs: 300_000, pollMs: 1000, concurrency: DEFAULT_JOB_CONCURRENCY, batch: 100, backoffMs: exponentialBackoff, ...options };
    this.markDone = batchCalls(async (ids: string[]) => {
      await this.deps.db.updateTable('jobs').set({ status: 'done', finished_at: this.deps.clock.now().toISOString(), locked_by: null, locked_until: null, last_error: null })
        .where('id', 'in', ids).where('locked_by', '=', this.id).execute();
    }, { delayMs: DONE_BATCH_MS });
  }

  // The signal comes before the enqueuing transaction commits: look a little later.
  private readonly onEnqueued = () => setTimeout(() => this.nudge(), 50).unref();

  start(): void {
    if (this.running) return;
    this.running = true;
    jobSignals.on('enqueued', this.onEnqueued);
    this.startHeartbeat();
    this.loop = this.lanes(false);
  }

  /** Finishes the jobs running now, hands back the claimed ones not started, then stops. */
  async stop(): Promise<void> {
    this.running = false;
    jobSignals.off('enqueued', this.onEnqueued);
    this.nudge();
    await this.loop;
    this.loop = null;
    await this.claiming;
    await this.release();
    await this.settle();
    this.stopHeartbeat();
  }

  /** Looks for due jobs now instead of at the next poll (after this process enqueued some). */
  nudge(): void {
    this.sleeping?.wake();
  }

  /** Runs every due job until none is left (tests, `trustroom jobs run`); returns how many ran. */
  async drain(): Promise<number> {
    this.drains++;
    this.startHeartbeat();
    try {
      const ran = await this.lanes(true);
      await this.settle();
      return ran;
    } finally {
      if (--this.drains === 0 && !this.running) this.stopHeartbeat();
    }
  }

  /** `concurrency` lanes taking jobs until stopped (or, when `untilIdle`, until no job is due). */
  private async lanes(untilIdle: boolean): Promise<number> {
    let ran = 0;
    const lane = async () => {
      for (;;) {
        const job = await this.next(untilIdle);
        if (!job) return;
        await this.runOne(job);
        ran++;
      }
    };
    await Promise.all(Array.from({ length: this.opts.concurrency }, lane));
    return ran;
  }

  /** The next job for a lane: a waiting one (claiming more ahead), a new claim, or null to stop. */
  private async next(untilIdle: boolean): Promise<Job | null> {
    for (;;) {
      if (!untilIdle && !this.running) return null;
      const job = this.takeWaiting();
      if (job) {
        if (this.queue.length < this.opts.concurrency) void this.refill();
        return job;
      }
      const claimed = await this.refill();
      if (claimed > 0 || this.queue.length > 0) continue;
      if (untilIdle) {
        // The claim this lane joined may have started before its last job was handed back for a
        // retry; one more claim, started now, sees it.
        if ((await this.refill()) > 0 || this.queue.length > 0) continue;
        return null;
      }
      await this.sleep();
    }
  }

  /** Takes the oldest waiting job whose lease leaves time to run it; the others go back to the table. */
  private takeWaiting(): Job | null {
    const now = this.deps.clock.now().getTime();
    for (;;) {
      const job = this.queue.shift();
      if (!job) return null;
      // Renewal failed or the process stalled: another worker may claim it soon. Not running it
      // leaves it to whoever claims it after the lease (this worker included).
      if ((this.leases.get(job.id) ?? 0) - now > this.opts.leaseMs / 3) return job;
      this.leases.delete(job.id);
      this.prefetched.delete(job.id);
    }
  }

  /** One claim at a time per worker; lanes needing jobs share it. Resolves with how many were claimed. */
  private refill(): Promise<number> {
    this.claiming ??= (async () => {
      try {
        const jobs = await this.claim(Math.max(1, this.opts.batch - this.queue.length));
        await this.prefetch(jobs);
        this.queue.push(...jobs);
        return jobs.length;
      } catch (e) {
        this.opts.onError?.(e, null);
        return 0;
      } finally {
        this.claiming = null;
      }
    })();
    return this.claiming;
  }

  /** Runs each kind's prefetch on the claimed jobs; a failure only means handlers load for themselves. */
  private async prefetch(jobs: Job[]): Promise<void> {
    const kinds = new Set(jobs.map((j) => j.kind));
    for (const kind of kinds) {
      const load = this.opts.prefetch?.[kind];
      if (!load) continue;
      try {
        for (const [id, value] of await load(jobs.filter((j) => j.kind === kind))) this.prefetched.set(id, value);
      } catch (e) {
        this.opts.onError?.(e, null);
      }
    }
  }

  /** Waits for the next poll or a nudge; every idle lane waits on the same timer. */
  private sleep(): Promise<void> {
    if (!this.sleeping) {
      let wake = () => {};
      const promise = new Promise<void>((resolve) => {
        const timer = setTimeout(() => wake(), this.opts.pollMs);
        wake = () => {
          clearTimeout(timer);
          this.sleeping = null;
          resolve();
        };
      });
      this.sleeping = { promise, wake };
    }
    return this.sleeping.promise;
  }

  private async runOne(job: Job): Promise<void> {
    const { db, clock } = this.deps;
    const handler = this.opts.handlers[job.kind];
    const prefetched = this.prefetched.get(job.id);
    this.prefetched.delete(job.id);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job, prefetched);
    } catch (e) {
      const error = safeError(e);
      const attempts = job.attempts;
      try {
        if (attempts >= job.max_attempts) {
          await db.updateTable('jobs').set({ status: 'failed', finished_at: clock.now().toISOString(), locked_by: null, locked_until: null, last_error: error })
            .where('id', '=', job.id).where('locked_by', '=', this.id).execute();
          await this.opts.onGiveUp?.[job.kind]?.(job, error);
        } else {
          const runAt = new Date(clock.now().getTime() + this.opts.backoffMs(attempts)).toISOString();
          await db.updateTable('jobs').set({ run_at: runAt, locked_by: null, locked_until: null, last_error: error })
            .where('id', '=', job.id).where('locked_by', '=', this.id).execute();
        }
      } catch (inner) {
        this.opts.onError?.(inner, job);
      }
      this.opts.onError?.(e, job);
      this.leases.delete(job.id);
      return;
    }
    const done: Promise<void> = this.finish(job).then(() => void this.finishing.delete(done));
    this.finishing.add(done);
  }

  /**
   * Marks a successful job done without holding its lane: the handler's own effects (a message
   * marked sent) are already stored, so if the process dies first the job runs again after its
   * lease and finds nothing left to do. Until then the lease is renewed like any job in hand.
   */
  private async finish(job: Job): Promise<void> {
    try {
      await this.markDone(job.id);
    } catch (e) {
      this.opts.onError?.(e, job);
    } finally {
      this.leases.delete(job.id);
    }
  }

  /** Waits until every finished job's done mark is stored (drain and stop return after that). */
  private async settle(): Promise<void> {
    while (this.finishing.size) await Promise.all([...this.finishing]);
  }

  private startHeartbeat(): void {
    this.heartbeat ??= setInterval(() => void this.renewLeases(), Math.max(100, Math.floor(this.opts.leaseMs / 3)));
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** Extends the lease of every job in hand, so a long queue or a slow send keeps its jobs. */
  private async renewLeases(): Promise<void> {
    const ids = [...this.leases.keys()];
    if (ids.length === 0) return;
    const end = this.deps.clock.now().getTime() + this.opts.leaseMs;
    try {
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await this.deps.db.updateTable('jobs').set({ locked_until: new Date(end).toISOString() })
          .where('id', 'in', chunk).where('locked_by', '=', this.id).where('status', '=', 'pending').execute();
        for (const id of chunk) if (this.leases.has(id)) this.leases.set(id, end);
      }
    } catch (e) {
      this.opts.onError?.(e, null);
    }
  }

  /** Hands claimed jobs that never started back to the table, for any worker to claim now. */
  private async release(): Promise<void> {
    const jobs = this.queue.splice(0);
    for (const j of jobs) {
      this.leases.delete(j.id);
      this.prefetched.delete(j.id);
    }
    try {
      for (let i = 0; i < jobs.length; i += 500) {
        await this.deps.db.updateTable('jobs').set((eb) => ({ locked_by: null, locked_until: null, attempts: eb('attempts', '-', 1) }))
          .where('id', 'in', jobs.slice(i, i + 500).map((j) => j.id)).where('locked_by', '=', this.id).execute();
      }
    } catch (e) {
      this.opts.onError?.(e, null);
    }
  }

  /** Takes up to `limit` due jobs for this worker; the attempt counts from the claim. */
  private async claim(limit: number): Promise<Job[]> {
    const { db, caps, clock } = this.deps;
    const now = clock.now().toISOString();
    const leaseEnd = clock.now().getTime() + this.opts.leaseMs;
    const until = new Date(leaseEnd).toISOString();
    const lock = caps.rowLocks ? sql` for update skip locked` : sql``;
    // One statement claims and returns: under SQLite's single writer it is atomic; on PostgreSQL
    // SKIP LOCKED lets two processes claim disjoint rows at the same moment.
    const result = await sql<Job>`
      update jobs set locked_by = ${this.id}, locked_until = ${until}, attempts = attempts + 1
      where id in (
        select id from jobs
        where status = 'pending' and run_at <= ${now} and (locked_until is null or locked_until < ${now})
        order by run_at limit ${limit}${lock}
      )
      returning *`.execute(db);
    for (const job of result.rows) this.leases.set(job.id, leaseEnd);
    return result.rows.sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : 0));
  }
}
