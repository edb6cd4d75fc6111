/**
 * Answering a request from what the systems hold: an access request gets its package (searched in
 * every system that applies, zipped, encrypted, linked once to the requester) and is completed;
 * an erasure request is erased with exceptions and holds applied and, unless a hold stops it or a
 * system failed, completed with what was kept and why told to the requester.
 */
import type { Row } from '../../db/schema.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { buildAccessPackage } from './package/build-access-package.ts';
import type { PackageKey } from './package/package-key.ts';
import { storeAccessPackage } from './package/store-access-package.ts';
import { reportToCustomer } from './forwarding/report-to-customer.ts';
import { recordRequestEvent } from './request-events.ts';
import { sendToRequester } from './request-messages.ts';
import { isOpen } from './requests.ts';
import { type FulfilOptions, runAccessForRequest, runErasureForRequest } from './systems/fulfil-request.ts';
import { systemDatasets } from './systems/manage-systems.ts';
import { listWithheld } from './systems/system-runs.ts';

async function controllerName(tx: Pick<Deps, 'db'>, r: Row<'dsr_requests'>): Promise<{ controller: string; workspace: string; slug: string }> {
  const ws = await tx.db.selectFrom('workspaces').select(['name', 'slug']).where('id', '=', r.workspace_id).executeTakeFirstOrThrow();
  const customer = r.customer_id ? await tx.db.selectFrom('customers').select('name').where('id', '=', r.customer_id).executeTakeFirst() : undefined;
  return { controller: customer?.name ?? ws.name, workspace: ws.name, slug: ws.slug };
}

async function complete(tx: TxDeps, scope: Scope, r: Row<'dsr_requests'>, outcomeReason: string): Promise<Row<'dsr_requests'>> {
  const now = tx.clock.now().toISOString();
  const updated = await tx.db.updateTable('dsr_requests').set({ status: 'completed', outcome: 'completed', outcome_reason: outcomeReason, closed_at: now, updated_at: now })
    .where('id', '=', r.id).returningAll().executeTakeFirstOrThrow();
  await recordRequestEvent(tx, updated, scope.actor, 'closed_completed', {}, r);
  // A customer's end user's request is reported back to the customer (once; nothing for the workspace's own).
  await reportToCustomer(tx, updated, scope.actor);
  return updated;
}

/** Leaves the request open for an operator, saying why on its timeline. */
async function noSystem(deps: Deps, scope: Scope, r: Row<'dsr_requests'>): Promise<Row<'dsr_requests'>> {
  await inTransaction(deps, (tx) => recordRequestEvent(tx, r, scope.actor, 'no_system', { note: 'No system applies to this request: answer it by hand.' }));
  return r;
}

/**
 * Searches every system that applies, builds the access package from what they returned, stores
 * it encrypted, e-mails the one-time link and completes the request. When a system failed the
 * request stays open (the package would be incomplete) and the failure is on the timeline.
 */
export async function answerAccess(deps: Deps, scope: Scope, requestId: string, key: PackageKey, opts: FulfilOptions = {}): Promise<{ request: Row<'dsr_requests'>; packageId: string | null }> {
  const found = await runAccessForRequest(deps, scope, requestId, opts);
  const request = await deps.db.selectFrom('dsr_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
  // No system applies: nothing was searched, so nothing can be said to be all there is.
  if (!found.runs.length) return { request: await noSystem(deps, scope, request), packageId: null };
  if (found.runs.some((r) => r.outcome === 'failed')) return { request, packageId: null };
  const systems = await deps.db.selectFrom('dsr_systems').select(['id', 'dataset_yaml']).where('workspace_id', '=', scope.workspaceId).execute();
  const datasets = systems.filter((s) => found.results.some((x) => x.systemId === s.id)).flatMap((s) => systemDatasets(s.dataset_yaml));
  const collections: Record<string, Record<string, unknown>[]> = {};
  for (const result of found.results) {
    for (const [k, rows] of Object.entries(result.collections)) (collections[k] ??= []).push(...(rows as Record<string, unknown>[]));
  }
  const names = await controllerName(deps, request);
  const pkg = buildAccessPackage({ collections } as Parameters<typeof buildAccessPackage>[0], {
    reference: request.reference, controllerName: names.controller, producedAt: deps.clock.now(), regime: request.regime, datasets,
  });
  return inTransaction(deps, async (tx) => {
    const current = await tx.db.selectFrom('dsr_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
    if (!isOpen(current.status)) return { request: current, packageId: null };
    const stored = await storeAccessPackage(tx, { requestId, zip: pkg.zip, fileName: pkg.fileName, key, actor: scope.actor });
    const link = `${tx.publicUrl.replace(/\/$/, '')}${stored.path}`;
    await sendToRequester(tx, current, `package:${stored.packageId}`, {
      subject: `Your personal data: request ${current.reference}`,
      paragraphs: [
        `Here is the answer to your request ${current.reference}: a copy of the personal data ${names.controller} holds about you, with a summary you can read.`,
        `Download it once, before ${stored.expiresAt.slice(0, 10)}, from this link:`, link,
        'The link works once: keep the file somewhere safe. If it does not work, reply to ask for a new one.',
      ],
    });
    const done = await complete(tx, scope, current, 'Access package sent');
    return { request: done, packageId: stored.packageId };
  });
}

/**
 * Erases in every system that applies. A legal hold leaves the request open (released, it runs
 * again by itself); a failed system leaves it open too. Otherwise the request is completed and the
 * requester told what was kept and on which legal basis.
 */
export async function answerErasure(deps: Deps, scope: Scope, requestId: string, opts: FulfilOptions = {}): Promise<Row<'dsr_requests'>> {
  const result = await runErasureForRequest(deps, scope, requestId, opts);
  const request = await deps.db.selectFrom('dsr_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
  if (!result.runs.length) return noSystem(deps, scope, request);
  if (result.heldBy || result.runs.some((r) => r.outcome === 'failed') || !isOpen(request.status)) return request;
  const withheld = await listWithheld(deps, scope, requestId);
  const bases = [...new Set(withheld.map((w) => `${w.ruleKey.replace(/[-_]/g, ' ')} (${w.legalBasis})`))];
  return inTransaction(deps, async (tx) => {
    const names = await controllerName(tx, request);
    await sendToRequester(tx, request, 'erased', {
      subject: `Your personal data was erased: request ${request.reference}`,
      paragraphs: [
        `${names.controller} has erased the personal data it held about you, as you asked in request ${request.reference}.`,
        ...(bases.length ? [`Some records were kept because the law requires or allows it: ${bases.join('; ')}. They will be erased when that reason ends.`] : []),
      ],
    });
    return complete(tx, scope, request, bases.length ? `Erased; kept: ${bases.join('; ')}` : 'Erased');
  });
}
