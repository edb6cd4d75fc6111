import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Row } from '../../db/schema.ts';
import type { Deps } from '../../shared/deps.ts';
import { newId } from '../../shared/ids.ts';
import { jobSignals } from './enqueue-job.ts';

export type Job = Row<'jobs'>;

/** Runs one job. It must be idempotent: after a crash the same job runs again. */
export type JobHandler = (job: Job) => Promise<void>;

/** Called once when a job has used its last attempt, to mark what it was about as failed. */
export type GiveUpHandler = (job: Job, error: string) => Promise<void>;

export interface WorkerOptions {
  handlers: Record<string, JobHandler>;
  onGiveUp?: Record<string, GiveUpHandler>;
  leaseMs?: number;
  pollMs?: number;
  /** Jobs run at the same time (an SMTP pool's connections). */
  concurrency?: number;
  batch?: number;
  /** Delay before attempt n+1 after a failure; exponential by default. */
  backoffMs?: (attempt: number) => number;
  onError?: (error: unknown, job: Job | null) => void;
}

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
 */
export class JobWorker {
  readonly id = `${hostname()}:${process.pid}:${newId().slice(0, 8)}`;
  private running = false;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private readonly opts: Required<Omit<WorkerOptions, 'onGiveUp' | 'onError'>> & Pick<WorkerOptions, 'onGiveUp' | 'onError'>;

  private readonly deps: Deps;

  constructor(deps: Deps, options: WorkerOptions) {
    this.deps = deps;
    this.opts = { leaseMs: 300_000, pollMs: 1000, concurrency: 8, batch: 100, backoffMs: exponentialBackoff, ...options };
  }

  // The signal comes before the enqueuing transaction commits: look a little later.
  private readonly onEnqueued = () => setTimeout(() => this.nudge(), 50).unref();

  start(): void {
    if (this.running) return;
    this.running = true;
    jobSignals.on('enqueued', this.onEnqueued);
    this.loop = this.run();
  }

  /** Finishes the jobs in hand, then stops claiming. */
  async stop(): Promise<void> {
    this.running = false;
    jobSignals.off('enqueued', this.onEnqueued);
    this.nudge();
    await this.loop;
  }

  /** Looks for due jobs now instead of at the next poll (after this process enqueued some). */
  nudge(): void {
    this.wake?.();
  }

  /** Runs every due job until none is left (tests, `trustroom jobs run`); returns how many ran. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const jobs = await this.claim(this.opts.batch);
      if (jobs.length === 0) return total;
      await this.runAll(jobs);
      total += jobs.length;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let jobs: Job[] = [];
      try {
        jobs = await this.claim(this.opts.batch);
      } catch (e) {
        this.opts.onError?.(e, null);
      }
      if (jobs.length) {
        await this.runAll(jobs);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.opts.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** Runs claimed jobs with at most `concurrency` at a time. */
  private async runAll(jobs: Job[]): Promise<void> {
    let next = 0;
    const lane = async () => {
      while (next < jobs.length) {
        const job = jobs[next++] as Job;
        await this.runOne(job);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency, jobs.length) }, lane));
  }

  private async runOne(job: Job): Promise<void> {
    const { db, clock } = this.deps;
    const handler = this.opts.handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job);
      await db.updateTable('jobs').set({ status: 'done', finished_at: clock.now().toISOString(), locked_by: null, locked_until: null, last_error: null })
        .where('id', '=', job.id).where('locked_by', '=', this.id).execute();
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
    }
  }

  /** Takes up to `limit` due jobs for this worker; the attempt counts from the claim. */
  private async claim(limit: number): Promise<Job[]> {
    const { db, caps, clock } = this.deps;
    const now = clock.now().toISOString();
    const until = new Date(clock.now().getTime() + this.opts.leaseMs).toISOString();
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
    return result.rows.sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : 0));
  }
}
