/**
 * fanout: messages per second from the commit of a change's notices to the last one marked sent,
 * through the real path (messages + `email.send` jobs in SQLite, JobWorker claiming them, the
 * SMTP pool mailer, the message and job rows updated after each acceptance), next to a bare
 * nodemailer pool with the same number of connections handing the same messages to the same
 * sink (the ceiling), alternating which side goes first over ROUNDS rounds.
 * The sink (smtp-server) runs in a child process, so receiving does not share either side's
 * event loop; both sides must deliver every message once for a round to count.
 * The messages are the notices `announceChange` renders for BENCH_MESSAGES (10,000) subscribers.
 * The Trustroom side is timed until no job is pending; a job is finished only after its message
 * was marked sent, which is only after the SMTP server accepted it.
 * Before the worker became a pipeline (claim 100, wait for all 100, claim again; a SELECT and two
 * UPDATEs per message), the ratio was about 0.55 here; claiming ahead, prefetching a claim's
 * messages in one query and group-committing the marks brought it to about 0.75.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer, { type TransportOptions } from 'nodemailer';
import { createBackground } from '../src/background.ts';
import { createDb } from '../src/db/connect.ts';
import { migrateOrThrow } from '../src/db/migrate.ts';
import type { Row } from '../src/db/schema.ts';
import { DEFAULT_SMTP_POOL, toMailOptions } from '../src/modules/mail/mailer.ts';
import { enqueueMessages, type OutgoingMessage } from '../src/modules/mail/enqueue-message.ts';
import { createWorkspace } from '../src/modules/workspaces/workspaces.ts';
import { systemClock } from '../src/shared/clock.ts';
import { type Deps, inTransaction, SYSTEM_ACTOR } from '../src/shared/deps.ts';
import { createLogger } from '../src/shared/logger.ts';
import { buildAnnouncedFanout } from '../test/faults/fanout-fixture.ts';

const SINK = fileURLToPath(new URL('./smtp-sink.ts', import.meta.url));
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FROM = 'Trustroom <no-reply@trustroom.test>';
const PUBLIC_URL = 'http://trustroom.test';

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The sink child: its port and a way to ask what it received. */
async function startSink(): Promise<{ child: ChildProcess; port: number; ask(type: 'count' | 'reset'): Promise<{ messages: number; distinctMessageIds: number }> }> {
  const child = fork(SINK, [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (c) => reject(new Error(`SMTP sink exited ${c}`)));
  });
  const ask = (type: 'count' | 'reset') =>
    new Promise<{ messages: number; distinctMessageIds: number }>((resolve) => {
      child.once('message', (m) => resolve(m as { messages: number; distinctMessageIds: number }));
      child.send({ type });
    });
  return { child, port, ask };
}

/** The notices of one announcement to MESSAGES subscribers, as rendered by Trustroom. */
async function renderNotices(): Promise<OutgoingMessage[]> {
  const handle = createDb({ kind: 'sqlite', path: ':memory:' });
  await migrateOrThrow(handle.db);
  const deps: Deps = { db: handle.db, caps: handle.caps, clock: systemClock, publicUrl: PUBLIC_URL };
  await buildAnnouncedFanout(deps, MESSAGES);
  const rows = await handle.db.selectFrom('messages').selectAll().execute();
  await handle.close();
  return rows.map((r) => ({
    workspaceId: r.workspace_id, kind: r.kind, recipientType: r.recipient_type, recipientId: r.recipient_id, to: r.to_address,
    idempotencyKey: r.idempotency_key, subject: r.subject, text: r.text_body, html: r.html_body, headers: JSON.parse(r.headers) as Record<string, string>,
  }));
}

/** Trustroom: a fresh SQLite file, the server's worker (createBackground) started, notices committed, timed until every job is done. */
async function trustroomSide(notices: OutgoingMessage[], smtpUrl: string, dir: string): Promise<number> {
  const dataDir = mkdtempSync(join(dir, 'round-'));
  const handle = createDb({ kind: 'sqlite', path: join(dataDir, 'trustroom.db') });
  await migrateOrThrow(handle.db);
  const deps: Deps = { db: handle.db, caps: handle.caps, clock: systemClock, publicUrl: PUBLIC_URL };
  const workspace = await createWorkspace(deps, SYSTEM_ACTOR, { slug: 'bench', name: 'Bench', groupBy: 'kind' }, null);
  const background = createBackground(deps, { smtpUrl, mailFrom: FROM, dataDir, jobLeaseMs: 300_000, allowPrivateWebhooks: false }, createLogger('warn'));
  background.worker.start();
  try {
    await inTransaction(deps, (tx) => enqueueMessages(tx, notices.map((n) => ({ ...n, workspaceId: workspace.id }))));
    const started = performance.now();
    // One indexed row lookup every 50 ms: the measuring costs the measured side next to nothing.
    while (await handle.db.selectFrom('jobs').select('id').where('status', '=', 'pending').limit(1).executeTakeFirst()) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const ms = performance.now() - started;
    const sent = await handle.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'sent').executeTakeFirstOrThrow();
    if (Number(sent.n) !== notices.length) throw new Error(`fanout bench: ${sent.n} of ${notices.length} messages sent`);
    return ms;
  } finally {
    await background.stop();
    await handle.close();
  }
}

/** The ceiling: a bare nodemailer pool with the same connections sending the same messages at once. */
async function bareSide(rows: Row<'messages'>[], smtpUrl: string): Promise<number> {
  const transport = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: DEFAULT_SMTP_POOL, maxMessages: Infinity } as TransportOptions);
  try {
    const started = performance.now();
    await Promise.all(rows.map((r) => transport.sendMail(toMailOptions(r, FROM))));
    return performance.now() - started;
  } finally {
    transport.close();
  }
}

export async function benchFanout() {
  const dir = mkdtempSync(join(tmpdir(), 'trustroom-fanout-'));
  const sink = await startSink();
  const smtpUrl = `smtp://127.0.0.1:${sink.port}`;
  try {
    const notices = await renderNotices();
    // The bare side sends the very rows Trustroom stores (same Message-ID scheme and bytes).
    const bareRows: Row<'messages'>[] = notices.map((n, i) => ({
      id: `bare${i}`, workspace_id: n.workspaceId, change_id: null, kind: n.kind, recipient_type: n.recipientType, recipient_id: n.recipientId, to_address: n.to,
      idempotency_key: n.idempotencyKey, message_id: `<bare${i}@trustroom.test>`, subject: n.subject, text_body: n.text, html_body: n.html,
      headers: JSON.stringify(n.headers ?? {}), status: 'queued', attempts: 0, last_error: null, created_at: new Date().toISOString(), sent_at: null,
    }));
    const bytes = Buffer.byteLength(notices[0].text) + Buffer.byteLength(notices[0].html);
    const checked = async (side: string, run: () => Promise<number>, expected = MESSAGES) => {
      await sink.ask('reset');
      const ms = await run();
      const got = await sink.ask('count');
      if (got.messages !== expected || got.distinctMessageIds !== expected) throw new Error(`fanout bench: ${side} delivered ${got.messages} (${got.distinctMessageIds} distinct) of ${expected}`);
      return ms;
    };
    // Warm-up (JIT, SMTP code paths): a tenth of the messages through each side.
    const tenth = Math.ceil(MESSAGES / 10);
    await checked('trustroom warm-up', () => trustroomSide(notices.slice(0, tenth), smtpUrl, dir), tenth);
    await checked('bare warm-up', () => bareSide(bareRows.slice(0, tenth), smtpUrl), tenth);
    const ms = { trustroom: [] as number[], bare: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const order: Array<'trustroom' | 'bare'> = round % 2 ? ['bare', 'trustroom'] : ['trustroom', 'bare'];
      for (const side of order) {
        ms[side].push(await checked(side, () => (side === 'trustroom' ? trustroomSide(notices, smtpUrl, dir) : bareSide(bareRows, smtpUrl))));
      }
    }
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const trustroomPerSecond = (MESSAGES * ROUNDS) / (sum(ms.trustroom) / 1000);
    const barePerSecond = (MESSAGES * ROUNDS) / (sum(ms.bare) / 1000);
    return {
      name: 'fanout',
      messages: MESSAGES,
      trustroomPerSecond: round1(trustroomPerSecond),
      barePerSecond: round1(barePerSecond),
      ratio: round3(trustroomPerSecond / barePerSecond),
      target: 0.7,
      ratioPerRound: ms.trustroom.map((t, i) => round3(ms.bare[i] / t)),
      msPerRound: { trustroom: ms.trustroom.map(Math.round), bare: ms.bare.map(Math.round) },
      settings: { rounds: ROUNDS, poolConnections: DEFAULT_SMTP_POOL, database: 'sqlite (file, WAL)', bytesPerMessageBody: bytes, sink: 'smtp-server in a child process' },
    };
  } finally {
    sink.child.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}
