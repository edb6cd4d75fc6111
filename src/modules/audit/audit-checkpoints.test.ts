import assert from 'node:assert/strict';
import { verify } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import pino from 'pino';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { createBackground } from '../../background.ts';
import type { Db } from '../../db/schema.ts';
import type { Deps } from '../../shared/deps.ts';
import { sha256 } from '../../shared/ids.ts';
import { checkpointText, signAuditCheckpoints } from './audit-checkpoints.ts';
import { type AuditKey, ensureAuditKey } from './audit-key.ts';
import { auditHashInput, GENESIS_HASH } from './record-audit-event.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

/** The attack today's chain check misses: edit one event, then recompute every hash after it. */
async function rewriteAndRechain(db: Db, workspaceId: string, seq: number, afterJson: string) {
  await db.updateTable('audit_events').set({ after_json: afterJson }).where('workspace_id', '=', workspaceId).where('seq', '=', seq).execute();
  const rows = await db.selectFrom('audit_events').selectAll().where('workspace_id', '=', workspaceId).orderBy('seq').execute();
  let prev = GENESIS_HASH;
  for (const r of rows) {
    const { hash: _h, id, ...rest } = r;
    const hash = sha256(auditHashInput({ ...rest, prev_hash: prev }));
    await db.updateTable('audit_events').set({ prev_hash: prev, hash }).where('id', '=', id).execute();
    prev = hash;
  }
}

/** A workspace with a few events and a signed checkpoint of its head. */
async function signedWorkspace(deps: Deps, key: AuditKey) {
  const { scope } = await buildWorkspace(deps);
  await buildEngagement(deps, scope);
  const sweep = await signAuditCheckpoints(deps, key, { workspaceId: scope.workspaceId });
  assert.equal(sweep.signed.length, 1);
  return { scope, checkpoint: sweep.signed[0]! };
}

const check = (deps: Deps, workspaceId: string, key: AuditKey, expect?: string) =>
  verifyAuditChain(deps.db, workspaceId, { checkpoints: { key }, ...(expect ? { expect } : {}) });

forEachDialect('signed audit checkpoints', (ctx) => {
  let dir: string;
  let key: AuditKey;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'trustroom-audit-'));
    key = ensureAuditKey(join(dir, 'key.pem')).key;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('signs the head of a workspace whose chain moved, with a signature the public key verifies', async () => {
    const { deps } = ctx.db;
    const { scope, checkpoint } = await signedWorkspace(deps, key);
    const head = await deps.db.selectFrom('audit_events').select(['seq', 'hash']).where('workspace_id', '=', scope.workspaceId).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.equal(checkpoint.seq, head.seq);
    assert.equal(checkpoint.head_hash, head.hash);
    assert.equal(checkpoint.key_id, key.keyId);
    const text = checkpointText({ workspaceId: scope.workspaceId, seq: head.seq, headHash: head.hash, signedAt: checkpoint.signed_at });
    assert.equal(text, `trustroom-audit-checkpoint/1\n${scope.workspaceId}\n${head.seq}\n${head.hash}\n${checkpoint.signed_at}`);
    assert.ok(verify(null, Buffer.from(text), key.publicKeyPem, Buffer.from(checkpoint.signature, 'base64')));
  });

  it('signs nothing again while the head has not moved, and signs the new head after a change', async () => {
    const { deps } = ctx.db;
    const { scope } = await signedWorkspace(deps, key);
    assert.equal((await signAuditCheckpoints(deps, key, { workspaceId: scope.workspaceId })).signed.length, 0);
    await buildEntity(deps, scope);
    const again = await signAuditCheckpoints(deps, key, { workspaceId: scope.workspaceId });
    assert.equal(again.signed.length, 1);
  });

  it('writes no checkpoint in the transaction of a change: only the sweep signs', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await buildEngagement(deps, scope);
    const rows = await deps.db.selectFrom('audit_checkpoints').select('id').where('workspace_id', '=', scope.workspaceId).execute();
    assert.equal(rows.length, 0);
  });

  it("signs every moved workspace from the background worker's sweep", async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await buildEntity(deps, scope);
    const background = createBackground(deps, { smtpUrl: null, mailFrom: 'T <t@t.test>', dataDir: dir, jobLeaseMs: 60_000, allowPrivateWebhooks: false }, pino({ level: 'silent' }), { auditKey: key });
    try {
      const sweep = await background.signCheckpoints();
      assert.ok(sweep?.signed.some((c) => c.workspace_id === scope.workspaceId));
    } finally {
      await background.stop();
    }
  });

  it('signs again on its timer once the head moves, without being asked', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const background = createBackground(deps, { smtpUrl: null, mailFrom: 'T <t@t.test>', dataDir: dir, jobLeaseMs: 60_000, allowPrivateWebhooks: false }, pino({ level: 'silent' }), { auditKey: key, checkpointEveryMs: 25 });
    const count = async () => (await deps.db.selectFrom('audit_checkpoints').select('id').where('workspace_id', '=', scope.workspaceId).execute()).length;
    const waitFor = async (n: number) => {
      for (let i = 0; i < 200 && (await count()) < n; i++) await new Promise((r) => setTimeout(r, 25));
      return count();
    };
    background.startCheckpoints();
    try {
      assert.equal(await waitFor(1), 1);
      await buildEntity(deps, scope);
      assert.equal(await waitFor(2), 2);
    } finally {
      await background.stop();
    }
  });

  it('passes an untouched chain with its checkpoints, and a kept head hash given as expected', async () => {
    const { deps } = ctx.db;
    const { scope, checkpoint } = await signedWorkspace(deps, key);
    await buildEntity(deps, scope);
    await signAuditCheckpoints(deps, key, { workspaceId: scope.workspaceId });
    const r = await check(deps, scope.workspaceId, key, checkpoint.head_hash);
    assert.deepEqual([r.ok, r.breaks, r.problems, r.checkpoints], [true, [], [], 2]);
  });

  it('reports a tail truncated after a checkpoint', async () => {
    const { deps } = ctx.db;
    const { scope, checkpoint } = await signedWorkspace(deps, key);
    await deps.db.deleteFrom('audit_events').where('workspace_id', '=', scope.workspaceId).where('seq', '>=', checkpoint.seq - 1).execute();
    const r = await check(deps, scope.workspaceId, key);
    assert.equal(r.breaks.length, 0, 'the chain alone still looks intact');
    assert.deepEqual(r.problems, [{ chain: scope.workspaceId, seq: checkpoint.seq, reason: 'truncated', headSeq: checkpoint.seq - 2 }]);
    assert.equal(r.ok, false);
  });

  it("reports a workspace's deleted chain", async () => {
    const { deps } = ctx.db;
    const { scope, checkpoint } = await signedWorkspace(deps, key);
    await deps.db.deleteFrom('audit_events').where('workspace_id', '=', scope.workspaceId).execute();
    const r = await check(deps, scope.workspaceId, key);
    assert.deepEqual(r.problems, [{ chain: scope.workspaceId, seq: checkpoint.seq, reason: 'chain_deleted', headSeq: 0 }]);
  });

  it('reports an edit hidden by recomputing every following hash (re-chained)', async () => {
    const { deps } = ctx.db;
    const { scope, checkpoint } = await signedWorkspace(deps, key);
    await rewriteAndRechain(deps.db, scope.workspaceId, 2, '{"purpose":"rewritten history"}');
    const r = await check(deps, scope.workspaceId, key);
    assert.equal(r.breaks.length, 0, 'the recomputed chain passes the hash check alone');
    assert.deepEqual(r.problems.map((p) => [p.seq, p.reason]), [[checkpoint.seq, 'rechained']]);
  });

  it('refuses to sign a head that does not extend the last checkpoint', async () => {
    const { deps } = ctx.db;
    const { scope } = await signedWorkspace(deps, key);
    await rewriteAndRechain(deps.db, scope.workspaceId, 1, '{"slug":"other"}');
    await buildEntity(deps, scope);
    const sweep = await signAuditCheckpoints(deps, key, { workspaceId: scope.workspaceId });
    assert.deepEqual([sweep.signed.length, sweep.refused], [0, [scope.workspaceId]]);
  });

  it('refuses to sign a first head whose chain does not start from the genesis hash', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await buildEntity(deps, scope);
    let prev = 'f'.repeat(64);
    for (const r of await deps.db.selectFrom('audit_events').selectAll().where('workspace_id', '=', scope.workspaceId).orderBy('seq').execute()) {
      const { hash: _h, id, ...rest } = r;
      const hash = sha256(auditHashInput({ ...rest, prev_hash: prev }));
      await deps.db.updateTable('audit_events').set({ prev_hash: prev, hash }).where('id', '=', id).execute();
      prev = hash;
    }
    const sweep = await signAuditCheckpoints(deps, key, { workspaceId: scope.workspaceId });
    assert.deepEqual([sweep.signed.length, sweep.refused], [0, [scope.workspaceId]]);
  });

  it('reports a forged checkpoint row (bad signature)', async () => {
    const { deps } = ctx.db;
    const { scope, checkpoint } = await signedWorkspace(deps, key);
    await buildEntity(deps, scope);
    const head = await deps.db.selectFrom('audit_events').select(['seq', 'hash']).where('workspace_id', '=', scope.workspaceId).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    await deps.db.insertInto('audit_checkpoints').values({ ...checkpoint, id: 'forged', seq: head.seq, head_hash: head.hash }).execute();
    const r = await check(deps, scope.workspaceId, key);
    assert.deepEqual(r.problems.map((p) => [p.seq, p.reason]), [[head.seq, 'checkpoint_forged']]);
  });

  it('reports a checkpoint signed by another key than the configured one', async () => {
    const { deps } = ctx.db;
    const { scope } = await signedWorkspace(deps, key);
    const other = ensureAuditKey(join(dir, 'other.pem')).key;
    const r = await check(deps, scope.workspaceId, other);
    assert.deepEqual(r.problems.map((p) => p.reason), ['checkpoint_unknown_key']);
  });

  it('reports an expected hash that is not the hash of any event in the chain', async () => {
    const { deps } = ctx.db;
    const { scope, checkpoint } = await signedWorkspace(deps, key);
    const kept = checkpoint.head_hash;
    await rewriteAndRechain(deps.db, scope.workspaceId, 2, '{"purpose":"rewritten history"}');
    // The attacker also removed the checkpoints: only the witness's copy is left to tell.
    await deps.db.deleteFrom('audit_checkpoints').where('workspace_id', '=', scope.workspaceId).execute();
    const r = await check(deps, scope.workspaceId, key, kept);
    assert.equal(r.ok, false);
    assert.deepEqual(r.problems.map((p) => [p.seq, p.reason]), [[null, 'expected_hash_missing']]);
  });
});
