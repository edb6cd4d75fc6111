import assert from 'node:assert/strict';
import { it } from 'node:test';
import { changeBody, changeWorkspace, movableClock, NOW } from '../../../test/change-fixtures.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { Db } from '../../db/schema.ts';
import { sha256 } from '../../shared/ids.ts';
import { announceChange } from '../changes/announce-change.ts';
import { createChange, withdrawChange } from '../changes/manage-changes.ts';
import { confirmSubscription } from './confirm-subscription.ts';
import { subscribe } from './subscribe.ts';
import { unsubscribe } from './unsubscribe.ts';

/** The unsubscribe secrets in the messages of `kind` sent to `email`: text, HTML and List-Unsubscribe. */
async function unsubscribeSecrets(db: Db, email: string, kind: string): Promise<string[]> {
  const rows = await db.selectFrom('messages').select(['text_body', 'html_body', 'headers']).where('to_address', '=', email).where('kind', '=', kind).execute();
  assert.equal(rows.length, 1, `one ${kind} message`);
  const found = new Set<string>();
  for (const part of [rows[0].text_body, rows[0].html_body, rows[0].headers]) {
    for (const m of part.matchAll(/\/unsubscribe\/([A-Za-z0-9_-]+)/g)) found.add(m[1]);
  }
  return [...found];
}

/** Every text cell of the tables that may hold a subscriber's secret, except the outbox itself. */
async function storedText(db: Db): Promise<string> {
  const tables = ['subscribers', 'unsubscribe_links', 'audit_events', 'jobs'] as const;
  const all = await Promise.all(tables.map((t) => db.selectFrom(t).selectAll().execute()));
  return JSON.stringify(all);
}

forEachDialect('unsubscribe links stored as hashes', (ctx) => {
  it('stores no clear unsubscribe secret after a subscription and an announcement, and the link in the e-mail unsubscribes', async () => {
    const { deps } = ctx.db;
    const f = await changeWorkspace(deps);
    const email = 'watcher@reader.example';
    await subscribe(deps, f.workspace.id, { email });
    const confirm = await deps.db.selectFrom('messages').select('text_body').where('to_address', '=', email).executeTakeFirstOrThrow();
    await confirmSubscription(deps, f.workspace.id, /\/subscribe\/confirm\/([A-Za-z0-9_-]+)/.exec(confirm.text_body)![1]);
    const change = await createChange(deps, f.scope, changeBody(f));
    await announceChange(deps, f.scope, change.id);

    const [secret, ...others] = await unsubscribeSecrets(deps.db, email, 'change.announced');
    assert.ok(secret, 'the announcement carries an unsubscribe link');
    assert.deepEqual(others, [], 'the same link in the text, the HTML and the List-Unsubscribe header');
    const subscriber = await deps.db.selectFrom('subscribers').select(['id', 'unsubscribe_token']).where('email', '=', email).executeTakeFirstOrThrow();
    assert.equal(subscriber.unsubscribe_token, subscriber.id, 'no secret on the subscriber (the unique column holds its id)');
    assert.ok(!(await storedText(deps.db)).includes(secret), 'the secret is nowhere outside the message');
    const link = await deps.db.selectFrom('unsubscribe_links').selectAll().where('token_hash', '=', sha256(secret)).executeTakeFirst();
    assert.deepEqual([link?.subscriber_id, link?.workspace_id], [subscriber.id, f.workspace.id], 'its hash is');

    assert.equal((await unsubscribe(deps, f.workspace.id, secret)).status, 'unsubscribed');
    assert.equal((await deps.db.selectFrom('subscribers').select('status').where('id', '=', subscriber.id).executeTakeFirstOrThrow()).status, 'unsubscribed');
  });

  it('gives each message to a subscriber a new unsubscribe link, and every one of them works', async () => {
    const { deps } = ctx.db;
    const f = await changeWorkspace(deps);
    const email = 'twice@reader.example';
    await subscribe(deps, f.workspace.id, { email });
    const confirm = await deps.db.selectFrom('messages').select('text_body').where('to_address', '=', email).executeTakeFirstOrThrow();
    await confirmSubscription(deps, f.workspace.id, /\/subscribe\/confirm\/([A-Za-z0-9_-]+)/.exec(confirm.text_body)![1]);
    const change = await createChange(deps, f.scope, changeBody(f));
    await announceChange(deps, f.scope, change.id);
    await withdrawChange(deps, f.scope, change.id, { reason: 'Plans changed' });
    const [announced] = await unsubscribeSecrets(deps.db, email, 'change.announced');
    const [withdrawn] = await unsubscribeSecrets(deps.db, email, 'change.withdrawn');
    assert.ok(announced && withdrawn);
    assert.notEqual(announced, withdrawn);
    assert.equal((await unsubscribe(deps, f.workspace.id, withdrawn)).status, 'unsubscribed');
    assert.equal((await unsubscribe(deps, f.workspace.id, announced)).status, 'unsubscribed', 'the older link works too (and changes nothing more)');
    await assert.rejects(unsubscribe(deps, f.workspace.id, sha256(announced)), (e: unknown) => (e as { code?: string }).code === 'not_found', 'the stored hash is no link');
  });
}, { clock: movableClock(NOW) });
