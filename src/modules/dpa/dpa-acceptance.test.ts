import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildCustomer } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Deps } from '../../shared/deps.ts';
import type { AppError } from '../../shared/errors.ts';
import { acceptDpaByLink, viewAcceptanceLink } from './accept-dpa-by-link.ts';
import { listDpaAcceptances, listDpaStandings } from './dpa.queries.ts';
import { acceptDpa, findDpaStanding, renderDpaForCustomer } from './dpa-for-customer.ts';
import { createDpaDraft, publishDpaVersion } from './manage-dpa-versions.ts';
import { requestDpaAcceptance } from './request-dpa-acceptance.ts';
import { buildDpaWorkspace, publishDpa } from './dpa.test-helpers.ts';

const codeOf = (e: unknown) => (e as AppError).code;
const signer = { name: 'Jeanne Dupont', title: 'DPO', email: 'Jeanne@CloudBlue.test' };

/** Deps whose clock the test moves. */
function movable(deps: Deps): Deps & { advanceDays(n: number): void } {
  let offset = 0;
  const clock: Clock = { now: () => new Date(deps.clock.now().getTime() + offset) };
  return { ...deps, clock, advanceDays: (n: number) => { offset += n * 86_400_000; } };
}

/** The token of each link, read from the e-mails queued for the customer. */
async function tokensSent(deps: Deps, workspaceId: string, kind = 'dpa.acceptance_requested'): Promise<string[]> {
  const rows = await deps.db.selectFrom('messages').select('text_body').where('workspace_id', '=', workspaceId).where('kind', '=', kind).orderBy('created_at').execute();
  return rows.map((m) => /\/dpa\/accept\/([\w-]+)/.exec(m.text_body)![1]);
}

forEachDialect('DPA acceptance', (ctx) => {
  it('records an acceptance of the document shown, in the ledger, the standing and the audit log, with a receipt to the signer', async () => {
    const { deps } = ctx.db;
    const { scope, customer } = await buildDpaWorkspace(deps);
    const v = await publishDpa(deps, scope);
    assert.deepEqual(await findDpaStanding(deps.db, scope.workspaceId, customer.id), { current: { id: v.id, version: 1, title: v.title }, lastAccepted: null, needsAcceptance: true });
    const r = await renderDpaForCustomer(deps, scope.workspaceId, customer.id);
    const a = await acceptDpa(deps, { workspaceId: scope.workspaceId, customerId: customer.id, versionId: v.id, documentSha256: r.sha256, signer, method: 'portal', contactId: customer.contacts[0].id });
    assert.deepEqual([a.version, a.signerName, a.signerEmail, a.documentSha256, a.method], [1, 'Jeanne Dupont', 'jeanne@cloudblue.test', r.sha256, 'portal']);
    const standing = await findDpaStanding(deps.db, scope.workspaceId, customer.id);
    assert.deepEqual([standing.needsAcceptance, standing.lastAccepted?.id], [false, a.id]);
    assert.deepEqual(await listDpaAcceptances(deps.db, scope.workspaceId, customer.id), [a]);
    const audit = await deps.db.selectFrom('audit_events').select(['actor_label', 'subject_id']).where('workspace_id', '=', scope.workspaceId).where('action', '=', 'dpa.accepted').execute();
    assert.deepEqual(audit, [{ actor_label: 'customer contact via portal', subject_id: customer.id }]);
    const receipt = await deps.db.selectFrom('messages').select(['to_address', 'text_body']).where('kind', '=', 'dpa.accepted').where('workspace_id', '=', scope.workspaceId).executeTakeFirstOrThrow();
    assert.equal(receipt.to_address, 'jeanne@cloudblue.test');
    assert.ok(receipt.text_body.includes(r.sha256));
  });

  it('refuses a hash that is not the current document with 409 and writes nothing', async () => {
    const { deps } = ctx.db;
    const { scope, customer } = await buildDpaWorkspace(deps);
    const v = await publishDpa(deps, scope);
    const input = { workspaceId: scope.workspaceId, customerId: customer.id, versionId: v.id, documentSha256: 'a'.repeat(64), signer, method: 'portal' as const, contactId: null };
    await assert.rejects(acceptDpa(deps, input), (e) => codeOf(e) === 'dpa_document_changed' && (e as AppError).status === 409);
    await assert.rejects(acceptDpa(deps, { ...input, documentSha256: 'nope', signer: { name: '', email: 'x' } }), (e) => {
      assert.equal((e as AppError).message, 'name: is required; title: is required; email: must be an e-mail address; documentSha256: must be the SHA-256 of the document shown (64 hexadecimal characters)');
      return true;
    });
    assert.equal((await listDpaAcceptances(deps.db, scope.workspaceId)).length, 0);
    assert.equal((await deps.db.selectFrom('messages').select('id').where('workspace_id', '=', scope.workspaceId).execute()).length, 0);
  });

  it('sends one link per contact, accepts through it once, and then shows the link as used', async () => {
    const { deps } = ctx.db;
    const { scope, customer } = await buildDpaWorkspace(deps);
    await publishDpa(deps, scope);
    const sent = await requestDpaAcceptance(deps, scope, { customerId: customer.id });
    assert.equal(sent.requests.length, 2);
    const [token] = await tokensSent(deps, scope.workspaceId);
    const link = await viewAcceptanceLink(deps, token);
    assert.equal(link.state, 'open');
    if (link.state !== 'open') return;
    await assert.rejects(acceptDpaByLink(deps, token, { ...signer, documentSha256: link.rendered.sha256 }), (e) => (e as AppError).message.startsWith('authority: must be confirmed'));
    const a = await acceptDpaByLink(deps, token, { ...signer, documentSha256: link.rendered.sha256, authority: 'on' });
    assert.equal(a.method, 'link');
    const used = await viewAcceptanceLink(deps, token);
    assert.equal(used.state, 'used');
    await assert.rejects(acceptDpaByLink(deps, token, { ...signer, documentSha256: link.rendered.sha256, authority: 'on' }), (e) => codeOf(e) === 'dpa_link_used');
    await assert.rejects(viewAcceptanceLink(deps, 'dpa_forged'), (e) => codeOf(e) === 'dpa_link_invalid');
    const row = await deps.db.selectFrom('dpa_acceptances').select(['request_id', 'contact_id']).where('id', '=', a.id).executeTakeFirstOrThrow();
    assert.ok(row.request_id && row.contact_id);
  });

  it('refuses an expired link with 410 and records nothing', async () => {
    const deps = movable(ctx.db.deps);
    const { scope, customer } = await buildDpaWorkspace(deps);
    await publishDpa(deps, scope);
    await requestDpaAcceptance(deps, scope, { customerId: customer.id });
    const [token] = await tokensSent(deps, scope.workspaceId);
    const open = await viewAcceptanceLink(deps, token);
    assert.equal(open.state, 'open');
    deps.advanceDays(31);
    assert.equal((await viewAcceptanceLink(deps, token)).state, 'expired');
    const hash = open.state === 'open' ? open.rendered.sha256 : '';
    await assert.rejects(acceptDpaByLink(deps, token, { ...signer, documentSha256: hash, authority: 'true' }), (e) => codeOf(e) === 'dpa_link_expired' && (e as AppError).status === 410);
    assert.equal((await listDpaAcceptances(deps.db, scope.workspaceId)).length, 0);
  });

  it('asks every customer that accepted an older version to accept the new one when it is published', async () => {
    const { deps } = ctx.db;
    const { scope, customer } = await buildDpaWorkspace(deps);
    const never = await buildCustomer(deps, scope, { name: 'Never Accepted' });
    const v1 = await publishDpa(deps, scope);
    const r = await renderDpaForCustomer(deps, scope.workspaceId, customer.id);
    await acceptDpa(deps, { workspaceId: scope.workspaceId, customerId: customer.id, versionId: v1.id, documentSha256: r.sha256, signer, method: 'portal', contactId: null });
    const draft = await createDpaDraft(deps, scope);
    const published = await publishDpaVersion(deps, scope, draft.id);
    assert.deepEqual([published.customersAsked, published.messages], [1, 2]);
    const queued = await deps.db.selectFrom('messages').select(['to_address', 'subject']).where('workspace_id', '=', scope.workspaceId).where('kind', '=', 'dpa.reacceptance_requested').orderBy('to_address').execute();
    assert.deepEqual(queued.map((m) => m.to_address), ['dpo@cloudblue.test', 'legal@cloudblue.test']);
    assert.match(queued[0].subject, /published version 2/);
    const jobs = await deps.db.selectFrom('jobs').select('id').where('kind', '=', 'email.send').where('workspace_id', '=', scope.workspaceId).execute();
    assert.equal(jobs.length, 3, 'the receipt and the two requests are queued for sending');
    const standings = await listDpaStandings(deps.db, scope.workspaceId, deps.clock.now());
    assert.deepEqual(standings.customers.map((s) => [s.customerName, s.acceptedVersion, s.needsAcceptance, s.openRequests]), [
      ['CloudBlue Example', 1, true, 2], ['Never Accepted', null, true, 0],
    ]);
    void never;
    // The old version can no longer be accepted.
    await assert.rejects(acceptDpa(deps, { workspaceId: scope.workspaceId, customerId: customer.id, versionId: v1.id, documentSha256: r.sha256, signer, method: 'portal', contactId: null }), (e) => codeOf(e) === 'dpa_version_superseded');
  });

  it('refuses to send a link before a version is published or to a customer without contacts', async () => {
    const { deps } = ctx.db;
    const { scope, customer } = await buildDpaWorkspace(deps);
    await assert.rejects(requestDpaAcceptance(deps, scope, { customerId: customer.id }), (e) => codeOf(e) === 'dpa_not_published');
    await publishDpa(deps, scope);
    const lonely = await buildCustomer(deps, scope, { contacts: [] });
    await assert.rejects(requestDpaAcceptance(deps, scope, { customerId: lonely.id }), (e) => codeOf(e) === 'customer_has_no_contacts');
    await assert.rejects(requestDpaAcceptance(deps, scope, {}), (e) => (e as AppError).message === 'customerId: is required');
  });
});
