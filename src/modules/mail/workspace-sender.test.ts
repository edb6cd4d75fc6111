import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { forEachDialect } from '../../../test/dialects.ts';
import { SYSTEM_ACTOR } from '../../shared/deps.ts';
import { newId } from '../../shared/ids.ts';
import { updateWorkspaceBranding } from '../workspaces/workspace-branding.ts';
import { createWorkspace } from '../workspaces/workspaces.ts';
import { enqueueMessage } from './enqueue-message.ts';
import { createMailer } from './mailer.ts';
import { sendQueuedMessage } from './send-queued-message.ts';
import { startSmtpSink } from './smtp-sink.test-helpers.ts';

const MAIL_FROM = 'Trustroom <no-reply@trustroom.test>';

forEachDialect("notices come from the workspace's sender", (ctx) => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'trustroom-sender-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Queues a notice of a new workspace named `name` (to a subscriber, or to one of its own operators) and sends it through a real SMTP server; returns its From header. */
  async function fromHeaderOf(name: string, branding: Record<string, unknown> | null, recipientType: 'subscriber' | 'user' = 'subscriber') {
    const deps = ctx.db.deps;
    const workspace = await createWorkspace(deps, SYSTEM_ACTOR, { slug: `sender-${newId().slice(0, 8).toLowerCase()}`, name, groupBy: 'kind' }, null);
    if (branding) await updateWorkspaceBranding(deps, SYSTEM_ACTOR, workspace.id, branding);
    const key = `change.announced:c1:${recipientType}:${newId()}`;
    await enqueueMessage(deps, {
      workspaceId: workspace.id, kind: 'change.announced', recipientType, recipientId: 's1', to: 'dpo@customer.test', idempotencyKey: key,
      subject: `${name} adds a sub-processor`, text: 'Example Hosting GmbH from 2030-06-01.', html: '<p>Example Hosting GmbH from 2030-06-01.</p>',
    });
    const row = await deps.db.selectFrom('messages').select('id').where('idempotency_key', '=', key).executeTakeFirstOrThrow();
    const sink = await startSmtpSink({ keepRaw: true });
    const mailer = createMailer({ smtpUrl: sink.url, from: MAIL_FROM, outboxDir: join(dir, 'unused') });
    try {
      await sendQueuedMessage(deps, mailer, row.id);
      assert.equal(sink.messages.length, 1);
      const parsed = await simpleParser(sink.messages[0]!.raw as Buffer);
      return parsed.from!.value[0]!;
    } finally {
      mailer.close();
      await sink.close();
    }
  }

  it("sends a notice from the workspace's name at MAIL_FROM's address when no sender is set", async () => {
    assert.deepEqual(await fromHeaderOf('Müller "Cloud" GmbH', null), { name: 'Müller "Cloud" GmbH', address: 'no-reply@trustroom.test' });
  });

  it("sends a notice from the workspace's own sender name and address once they are set", async () => {
    assert.deepEqual(await fromHeaderOf('Acme', { mailFromName: 'Acme Privacy Team', mailFromAddress: 'Privacy@Acme.example' }), { name: 'Acme Privacy Team', address: 'privacy@acme.example' });
  });

  it('sends from MAIL_FROM again once the address is cleared, keeping the name', async () => {
    assert.deepEqual(await fromHeaderOf('Initech', { mailFromName: 'Initech DPO', mailFromAddress: null }), { name: 'Initech DPO', address: 'no-reply@trustroom.test' });
  });

  it("sends alerts to the workspace's own operators from Trustroom (MAIL_FROM)", async () => {
    assert.deepEqual(await fromHeaderOf('Acme', { mailFromName: 'Acme Privacy Team', mailFromAddress: 'privacy@acme.example' }, 'user'), { name: 'Trustroom', address: 'no-reply@trustroom.test' });
  });
});
