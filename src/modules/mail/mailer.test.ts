import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { simpleParser } from 'mailparser';
import type { Row } from '../../db/schema.ts';
import { SYSTEM_ACTOR } from '../../shared/deps.ts';
import { newId } from '../../shared/ids.ts';
import { unsubscribeHeaders } from '../subscribers/subscriber-links.ts';
import { createWorkspace } from '../workspaces/workspaces.ts';
import { forEachDialect, TEST_PUBLIC_URL } from '../../../test/dialects.ts';
import { enqueueMessage } from './enqueue-message.ts';
import { createMailer } from './mailer.ts';
import { startSmtpSink } from './smtp-sink.test-helpers.ts';

const FROM = 'Trustroom <no-reply@trustroom.test>';
const UNSUBSCRIBE = `${TEST_PUBLIC_URL}/w/acme/unsubscribe/uns_secret`;

forEachDialect('mailer', (ctx) => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'trustroom-mailer-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A notice stored the way the change workflow stores it, read back as the send job reads it. */
  async function storedNotice(to: string): Promise<Row<'messages'>> {
    const deps = ctx.db.deps;
    const slug = `mail-${newId().slice(0, 8).toLowerCase()}`;
    const workspace = await createWorkspace(deps, SYSTEM_ACTOR, { slug, name: 'Acme', groupBy: 'kind' }, null);
    const key = `change.announced:c1:subscriber:${newId()}`;
    await enqueueMessage(deps, {
      workspaceId: workspace.id, kind: 'change.announced', recipientType: 'subscriber', recipientId: 's1', to, idempotencyKey: key,
      subject: 'Acme adds a sub-processor: Example Hosting GmbH', text: 'Acme will add Example Hosting GmbH on 2030-06-01.\nNo action is needed.',
      html: '<p>Acme will add <strong>Example Hosting GmbH</strong> on 2030-06-01.</p>', headers: unsubscribeHeaders(UNSUBSCRIBE),
    });
    return deps.db.selectFrom('messages').selectAll().where('idempotency_key', '=', key).executeTakeFirstOrThrow();
  }

  it('writes an outbox .eml that parses with the stored Message-ID, the List-Unsubscribe headers and both parts', async () => {
    const row = await storedNotice('subscriber@example.test');
    assert.match(row.message_id, /^<[^@>]+@trustroom\.test>$/);
    const mailer = createMailer({ smtpUrl: null, from: FROM, outboxDir: join(dir, 'outbox') });
    try {
      assert.equal(mailer.mode, 'outbox');
      assert.equal(await mailer.send(row), 'outboxed');
    } finally {
      mailer.close();
    }
    const parsed = await simpleParser(readFileSync(join(dir, 'outbox', `${row.id}.eml`)));
    assert.equal(parsed.messageId, row.message_id);
    assert.equal(parsed.subject, row.subject);
    assert.deepEqual((Array.isArray(parsed.to) ? parsed.to : [parsed.to]).flatMap((a) => a?.value.map((v) => v.address)), ['subscriber@example.test']);
    const header = (name: string) => parsed.headerLines.find((h) => h.key === name)?.line;
    assert.equal(header('list-unsubscribe'), `List-Unsubscribe: <${UNSUBSCRIBE}>`);
    assert.equal(header('list-unsubscribe-post'), 'List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    assert.equal(header('auto-submitted'), 'Auto-Submitted: auto-generated');
    assert.equal(parsed.text?.trim(), row.text_body);
    assert.equal(parsed.html, row.html_body);
  });

  it('sends through SMTP to a real server on 127.0.0.1 with the stored Message-ID and the To address', async () => {
    const row = await storedNotice('dpo@customer.test');
    const sink = await startSmtpSink({ keepRaw: true });
    const mailer = createMailer({ smtpUrl: sink.url, from: FROM, outboxDir: join(dir, 'unused') });
    try {
      assert.equal(mailer.mode, 'smtp');
      assert.equal(await mailer.send(row), 'sent');
      assert.equal(sink.messages.length, 1);
      const received = sink.messages[0];
      assert.deepEqual(received.to, ['dpo@customer.test']);
      assert.equal(received.messageId, row.message_id);
      const parsed = await simpleParser(received.raw as Buffer);
      assert.equal(parsed.messageId, row.message_id);
      assert.equal(parsed.subject, row.subject);
      assert.equal(parsed.html, row.html_body);
      assert.equal(parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line, `List-Unsubscribe: <${UNSUBSCRIBE}>`);
    } finally {
      mailer.close();
      await sink.close();
    }
  });
});
