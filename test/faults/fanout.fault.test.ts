/**
 * Fault test (`npm run test:faults`): a change announced to 5,000 subscribers is sent by real
 * `trustroom serve` processes to a real SMTP server, and one process is killed with SIGKILL in
 * the middle of the fan-out, then started again. Every subscriber must end up with its notice,
 * under its one Message-ID, and every message row `sent`.
 * SMTP has no two-phase commit: a message the server accepted just before the kill, whose
 * acceptance the process had not stored yet, is sent again with the same Message-ID (receivers
 * deduplicate on it). Those raw re-deliveries are counted and must stay within what can be in
 * flight: one message per worker lane, per process.
 * SQLite: one process on a file in a temporary data folder. PostgreSQL: two processes sharing one
 * database, one of them killed and restarted while the other keeps sending.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { createDb } from '../../src/db/connect.ts';
import { migrateOrThrow } from '../../src/db/migrate.ts';
import type { Db } from '../../src/db/schema.ts';
import { DEFAULT_JOB_CONCURRENCY } from '../../src/modules/jobs/job-worker.ts';
import { SEND_EMAIL_JOB } from '../../src/modules/mail/enqueue-message.ts';
import { DEFAULT_SMTP_POOL } from '../../src/modules/mail/mailer.ts';
import { startSmtpSink, type SmtpSink } from '../../src/modules/mail/smtp-sink.test-helpers.ts';
import { systemClock } from '../../src/shared/clock.ts';
import type { Deps } from '../../src/shared/deps.ts';
import { CLI_MAIN } from '../cli.ts';
import { DIALECTS, openTestDb, TEST_PUBLIC_URL } from '../dialects.ts';
import { buildAnnouncedFanout, type Fanout } from './fanout-fixture.ts';

const SUBSCRIBERS = 5000;
const KILL_AFTER = 500;
const LEASE_SECONDS = 3;
const CI = process.env.CI === 'true' || process.env.CI === '1';

/** A running `trustroom serve`, its output kept for the failure message. */
interface Serve {
  child: ChildProcess;
  output: () => string;
}

function startServe(env: Record<string, string>): Promise<Serve> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, 'serve'], { env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env } });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (/listening on http:\/\/\S+/.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before listening: ${out}`));
    });
  });
}

/** Ends a process: SIGKILL (no shutdown code runs) or SIGTERM (graceful); resolves when it is gone. */
function end(s: Serve | null, signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
  if (!s || s.child.exitCode !== null || s.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    s.child.once('exit', () => resolve());
    s.child.kill(signal);
  });
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const count = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);

/** What is left to do: messages of the change not sent, send jobs not finished. */
async function remaining(db: Db, changeId: string) {
  const unsent = await count(db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n')).where('change_id', '=', changeId).where('status', '!=', 'sent').executeTakeFirstOrThrow());
  const pending = await count(db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', SEND_EMAIL_JOB).where('status', '=', 'pending').executeTakeFirstOrThrow());
  return { unsent, pending };
}

/**
 * Checks what the SMTP server received against the stored messages; returns the re-deliveries.
 * Every subscriber: at least one delivery, all under its own message's Message-ID.
 */
async function checkDeliveries(db: Db, fanout: Fanout, sink: SmtpSink): Promise<number> {
  const rows = await db.selectFrom('messages').select(['to_address', 'message_id', 'status']).where('change_id', '=', fanout.changeId).execute();
  assert.equal(rows.length, SUBSCRIBERS);
  assert.deepEqual(rows.filter((r) => r.status !== 'sent').length, 0, 'every message row is sent');
  const expected = new Map(rows.map((r) => [r.to_address, r.message_id]));
  assert.equal(expected.size, SUBSCRIBERS, 'one message per subscriber');
  const received = new Map<string, Set<string>>();
  for (const m of sink.messages) {
    assert.equal(m.to.length, 1, 'one recipient per message');
    const to = m.to[0];
    assert.ok(expected.has(to), `a message went to ${to}, who is not a subscriber`);
    assert.equal(m.messageId, expected.get(to), `${to} received a message that is not theirs`);
    if (!received.has(to)) received.set(to, new Set());
    received.get(to)!.add(m.messageId as string);
  }
  const missing = fanout.subscribers.filter((s) => !received.has(s.email));
  assert.deepEqual(missing.map((s) => s.email).slice(0, 5), [], `${missing.length} subscribers received nothing`);
  assert.equal(received.size, SUBSCRIBERS);
  assert.ok([...received.values()].every((ids) => ids.size === 1), 'every subscriber received exactly one distinct Message-ID');
  return sink.messages.length - SUBSCRIBERS;
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  const processes = dialect === 'postgres' ? 2 : 1;
  const skip = process.env.TRUSTROOM_FAULT_TESTS !== '1'
    ? 'fault tests run with npm run test:faults'
    : !DIALECTS.includes(dialect)
      ? `${dialect} not in TEST_DIALECTS`
      : dialect === 'postgres' && !process.env.TEST_PG_URL
        ? 'no PostgreSQL server: run through npm run test:faults, which starts one'
        : false;
  // As npm test: in CI a missing PostgreSQL fails the run instead of skipping.
  if (CI && process.env.TRUSTROOM_FAULT_TESTS === '1' && DIALECTS.includes(dialect) && dialect === 'postgres' && !process.env.TEST_PG_URL) {
    throw new Error('fan-out fault test [postgres]: TEST_PG_URL is not set; in CI PostgreSQL is required');
  }

  describe(`fan-out to ${SUBSCRIBERS} subscribers, a process killed with SIGKILL mid-way [${dialect}]`, { skip }, () => {
    it(`delivers one notice per subscriber under one Message-ID, marks every message sent, and re-delivers at most ${DEFAULT_JOB_CONCURRENCY} × ${processes} raw messages`, { timeout: 150_000 }, async (t: TestContext) => {
      const dir = mkdtempSync(join(tmpdir(), 'trustroom-fanout-'));
      const pgDb = dialect === 'postgres' ? await openTestDb('postgres') : null;
      const sqlite = dialect === 'sqlite' ? createDb({ kind: 'sqlite', path: join(dir, 'trustroom.db') }) : null;
      const handle = (pgDb ?? sqlite)!;
      const sink = await startSmtpSink();
      const running: (Serve | null)[] = [];
      try {
        if (sqlite) await migrateOrThrow(sqlite.db);
        const deps: Deps = { db: handle.db, caps: handle.caps, clock: systemClock, publicUrl: TEST_PUBLIC_URL };
        const fanout = await buildAnnouncedFanout(deps, SUBSCRIBERS);
        assert.deepEqual(await remaining(handle.db, fanout.changeId), { unsent: SUBSCRIBERS, pending: SUBSCRIBERS }, 'the announcement wrote every message and its job');

        const env = {
          ...(pgDb ? { DATABASE_URL: pgDb.url as string } : {}), TRUSTROOM_DATA_DIR: dir, SMTP_URL: sink.url,
          TRUSTROOM_JOB_LEASE_SECONDS: String(LEASE_SECONDS), TRUSTROOM_OWNER_EMAIL: 'owner@trustroom.test',
        };
        // One after the other: the first start runs migrations and creates the owner.
        for (let i = 0; i < processes; i++) running.push(await startServe(env));

        await sink.waitFor(KILL_AFTER, 90_000);
        const killedPid = running[0]!.child.pid as number;
        await end(running[0], 'SIGKILL');
        const atKill = sink.messages.length;
        // A worker's id is host:pid:random; what the killed one held waits for its lease to end.
        const orphaned = await count(handle.db.selectFrom('jobs').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', SEND_EMAIL_JOB).where('status', '=', 'pending')
          .where('locked_by', 'like', `%:${killedPid}:%`).executeTakeFirstOrThrow());
        assert.ok(atKill < SUBSCRIBERS, `the kill came mid-way (${atKill} delivered)`);
        running[0] = await startServe(env);

        await waitUntil('every message is sent and no send job is pending', async () => {
          const left = await remaining(handle.db, fanout.changeId);
          return left.unsent === 0 && left.pending === 0;
        }, 120_000);
        for (const s of running) await end(s, 'SIGTERM');

        const redeliveries = await checkDeliveries(handle.db, fanout, sink);
        const bound = DEFAULT_JOB_CONCURRENCY * processes;
        const figure = `[${dialect}] ${processes} process(es), ${DEFAULT_SMTP_POOL} SMTP connections and ${DEFAULT_JOB_CONCURRENCY} lanes each: killed after ${atKill} deliveries with ${orphaned} claimed jobs left behind by it; ${sink.messages.length} raw deliveries for ${SUBSCRIBERS} messages = ${redeliveries} re-deliveries with the same Message-ID (bound ${bound})`;
        t.diagnostic(figure);
        process.stdout.write(`# ${figure}\n`);
        assert.ok(redeliveries <= bound, `${redeliveries} re-deliveries exceed the ${bound} sends that can be in flight`);
      } catch (e) {
        for (const s of running) if (s) process.stderr.write(`--- trustroom output ---\n${s.output()}\n`);
        throw e;
      } finally {
        for (const s of running) await end(s, 'SIGKILL');
        await sink.close();
        await handle.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
