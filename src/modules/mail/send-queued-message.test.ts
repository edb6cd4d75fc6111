import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, it } from 'node:test';
import { createBackground } from '../../background.ts';
import { systemClock } from '../../shared/clock.ts';
import { type Deps, SYSTEM_ACTOR } from '../../shared/deps.ts';
import { newId } from '../../shared/ids.ts';
import { createLogger } from '../../shared/logger.ts';
import { createWorkspace } from '../workspaces/workspaces.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { enqueueMessage, SEND_EMAIL_JOB } from './enqueue-message.ts';
import { createMailer } from './mailer.ts';
import { sendQueuedMessage } from './send-queued-message.ts';
import { startSmtpSink } from './smtp-sink.test-helpers.ts';

const FROM = 'Trustroom <no-reply@trustroom.test>';

forEachDialect('sending queued messages', (ctx) => {
  const deps = (): Deps => ({ ...ctx.db.deps, clock: systemClock });

  /** The worker `trustroom serve` runs (src/background.ts), sending through `smtpUrl`, retrying at once. */
  const background = (smtpUrl: string) =>
    createBackground(deps(), { smtpUrl, mailFrom: FROM, dataDir: '/nonexistent-trustroom-test', jobLeaseMs: 60_000, allowPrivateWebhooks: false }, createLogger('silent'), { backoffMs: () => 0 });

  /** One queued notice and its send job; returns the message row id. */
  async function queueNotice(to: string): Promise<string> {
    const slug = `send-${newId().slice(0, 8).toLowerCase()}`;
    const workspace = await createWorkspace(deps(), SYSTEM_ACTOR, { slug, name: 'Acme', groupBy: 'kind' }, null);
    const key = `change.announced:c1:subscriber:${newId()}`;
    await enqueueMessage(deps(), {
      workspaceId: workspace.id, kind: 'change.announced', recipientType: 'subscriber', recipientId: 's1', to, idempotencyKey: key,
      subject: 'Acme adds a sub-processor', text: 'Acme will add Example Hosting GmbH.', html: '<p>Acme will add Example Hosting GmbH.</p>',
    });
    return (await ctx.db.deps.db.selectFrom('messages').select('id').where('idempotency_key', '=', key).executeTakeFirstOrThrow()).id;
  }
  const messageRow = (id: string) => ctx.db.deps.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const jobRow = (id: string) => ctx.db.deps.db.selectFrom('jobs').selectAll().where('kind', '=', SEND_EMAIL_JOB).where('ref_id', '=', id).executeTakeFirstOrThrow();

  // One database per suite: a test's leftover jobs must not run in the next test's drains.
  afterEach(async () => {
    await ctx.db.deps.db.updateTable('jobs').set({ status: 'cancelled' }).where('status', '=', 'pending').execute();
  });

  it('sends a queued message once and does not send it again when its job runs again after a crash', async () => {
    const sink = await startSmtpSink();
    const bg = background(sink.url);
    try {
      const id = await queueNotice('subscriber@example.test');
      assert.equal(await bg.worker.drain(), 1);
      assert.equal(sink.messages.length, 1);
      const sent = await messageRow(id);
      assert.equal(sent.status, 'sent');
      assert.ok(sent.sent_at);
      assert.equal(sent.attempts, 1);
      assert.equal(sink.messages[0].messageId, sent.message_id);
      assert.equal((await jobRow(id)).status, 'done');

      // A process killed after the message was marked sent but before its job was finished.
      await ctx.db.deps.db.updateTable('jobs').set({ status: 'pending', finished_at: null }).where('ref_id', '=', id).execute();
      assert.equal(await bg.worker.drain(), 1, 'the job runs again');
      assert.equal((await jobRow(id)).status, 'done');
      await sendQueuedMessage(deps(), bg.mailer, id);
      assert.equal(sink.messages.length, 1, 'and sends nothing');
      assert.deepEqual(await messageRow(id), sent, 'the row is unchanged');
    } finally {
      await bg.stop();
      await sink.close();
    }
  });

  it('retries a message the SMTP server refuses with 550 and finally marks it failed with an error that does not contain the address', async () => {
    const address = 'gone.subscriber@example.test';
    let refusals = 0;
    const sink = await startSmtpSink({
      rejectRecipient: (to) => {
        if (to !== address) return null;
        refusals++;
        return { code: 550, text: `5.1.1 <${to}>: Recipient address rejected: User unknown in virtual mailbox table` };
      },
    });
    const bg = background(sink.url);
    try {
      const id = await queueNotice(address);
      const job = await jobRow(id);
      assert.equal(await bg.worker.drain(), job.max_attempts, 'every attempt ran');
      assert.equal(refusals, job.max_attempts);
      assert.equal(sink.messages.length, 0);
      const failed = await messageRow(id);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.attempts, job.max_attempts);
      assert.equal(failed.sent_at, null);
      assert.match(failed.last_error ?? '', /550/);
      assert.match(failed.last_error ?? '', /\[address\]/);
      assert.ok(!failed.last_error?.includes('gone.subscriber'), `no address in ${failed.last_error}`);
      const gaveUp = await jobRow(id);
      assert.equal(gaveUp.status, 'failed');
      assert.ok(!gaveUp.last_error?.includes('gone.subscriber'), `no address in ${gaveUp.last_error}`);
      assert.equal(await bg.worker.drain(), 0, 'a failed message is not tried again');
    } finally {
      await bg.stop();
      await sink.close();
    }
  });

  it('sends a message whose first attempt was refused once the server accepts it, with the same Message-ID', async () => {
    let refuseNext = true;
    const sink = await startSmtpSink({
      rejectRecipient: () => {
        if (!refuseNext) return null;
        refuseNext = false;
        return { code: 450, text: '4.2.1 Mailbox busy, try again later' };
      },
    });
    const bg = background(sink.url);
    try {
      const id = await queueNotice('late@example.test');
      assert.equal(await bg.worker.drain(), 2);
      const row = await messageRow(id);
      assert.equal(row.status, 'sent');
      assert.equal(row.attempts, 2);
      assert.equal(row.last_error, null);
      assert.deepEqual(sink.messages.map((m) => m.messageId), [row.message_id]);
    } finally {
      await bg.stop();
      await sink.close();
    }
  });

  it('keeps the message in the outbox when no SMTP server is configured and does not write it twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trustroom-outbox-'));
    const mailer = createMailer({ smtpUrl: null, from: FROM, outboxDir: dir });
    try {
      const id = await queueNotice('outbox@example.test');
      await sendQueuedMessage(deps(), mailer, id);
      const row = await messageRow(id);
      assert.equal(row.status, 'outboxed');
      await sendQueuedMessage(deps(), mailer, id);
      assert.equal((await messageRow(id)).attempts, 1);
      assert.deepEqual(readdirSync(dir), [`${id}.eml`]);
    } finally {
      mailer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
