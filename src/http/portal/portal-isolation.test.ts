/**
 * One customer's portal never shows another's data. Workspace X has customers Alpha and Bravo
 * with different services (each with a sub-processor, a change, and Bravo an objection and a DPA
 * acceptance); workspace Y has a customer too. Signed in as Alpha's contact, every portal page —
 * taken from the route list, so a new page cannot be missed — shows Alpha's data and nothing
 * marked BRAVO or YANKEE; Bravo's change id is a 404; X's session is no session under Y.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
import { buildTestApp, form } from '../../../test/app.ts';
import { movableClock, NOW, PROPOSED } from '../../../test/change-fixtures.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildEngagement, buildEntity, buildService, buildWorkspace } from '../../../test/factories.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';
import { announceChange } from '../../modules/changes/announce-change.ts';
import { createChange } from '../../modules/changes/manage-changes.ts';
import { submitObjection } from '../../modules/changes/respond-to-change.ts';
import { inviteContacts } from '../../modules/portal/invite-contact.ts';
import { sendForwarding } from '../../modules/requests/forwarding/send-forwarding.ts';
import { submitRequest } from '../../modules/requests/submit-request.ts';
import type { Deps, Scope } from '../../shared/deps.ts';
import { newId, sha256 } from '../../shared/ids.ts';
import { PORTAL_PAGES, PORTAL_PUBLIC_PAGES } from './portal.routes.ts';
import { csrfOf, freshIp, latestLinkPath, signInThrough } from './portal.test-helpers.ts';

const clock = movableClock();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** A published DPA version (made once) and one acceptance of it by `customerId`; returns the acceptance id. */
async function acceptedDpa(deps: Deps, scope: Scope, customerId: string, signer: string): Promise<string> {
  const now = clock.now().toISOString();
  const body = '# Data processing agreement\n\nThe processor processes personal data only on documented instructions.';
  let versionId = (await deps.db.selectFrom('dpa_versions').select('id').where('workspace_id', '=', scope.workspaceId).where('version', '=', 1).executeTakeFirst())?.id;
  if (!versionId) {
    versionId = newId();
    await deps.db.insertInto('dpa_versions').values({
      id: versionId, workspace_id: scope.workspaceId, version: 1, title: 'Data processing agreement', body, note: null, status: 'published',
      body_sha256: sha256(body), created_by: 'test', created_at: now, updated_at: now, published_at: now, published_by: 'test',
    }).execute();
  }
  const id = newId();
  const document = `<article><p>Accepted by ${signer}.</p></article>`;
  await deps.db.insertInto('dpa_acceptances').values({
    id, workspace_id: scope.workspaceId, customer_id: customerId, dpa_version_id: versionId, version: 1, signer_name: signer, signer_title: `${signer} title`,
    signer_email: `${signer.toLowerCase().replace(/\W+/g, '-')}@signer.test`, accepted_at: now, document_sha256: sha256(document), document_html: document, method: 'link', request_id: null, contact_id: null,
  }).execute();
  return id;
}

forEachDialect('customer portal isolation', (ctx) => {
  let app: FastifyInstance;
  const x = {} as { slug: string; alphaChange: string; bravoChange: string; bravoId: string; ySlug: string; cookie: string; alphaAcceptance: string; bravoAcceptance: string; alphaRequest: string; bravoRequest: string };
  const fill = (path: string) => path.replace(':changeId', x.alphaChange).replace(':acceptanceId', x.alphaAcceptance).replace(':requestId', x.alphaRequest);
  /** A request of the customer's end user, passed on to it (the dsr.forward job's work, run here). */
  const passedOn = async (deps: Deps, scope: Scope, customerId: string, email: string) => {
    const { request } = await submitRequest(deps, scope.workspaceId, { type: 'erasure', email, customer: customerId, identityChecked: 'true', identityNote: 'checked' }, { channel: 'operator', actor: scope.actor });
    await sendForwarding(deps, (await deps.db.selectFrom('dsr_forwardings').select('id').where('request_id', '=', request.id).executeTakeFirstOrThrow()).id);
    return request.id;
  };

  before(async () => {
    const { deps } = ctx.db;
    clock.set(NOW);
    const { workspace, scope } = await buildWorkspace(deps);
    const svcA = await buildService(deps, scope, { slug: 'alpha-svc', name: 'Alpha service' });
    const svcB = await buildService(deps, scope, { slug: 'bravo-svc', name: 'BRAVO service' });
    await buildEngagement(deps, scope, { entityId: (await buildEntity(deps, scope, { name: 'Shared Hosting GmbH' })).id, purpose: 'Hosting for everyone' });
    const alphaEntity = await buildEntity(deps, scope, { name: 'Alpha Analytics SAS', country: 'FR' });
    const alphaOnly = await buildEngagement(deps, scope, { entityId: alphaEntity.id, purpose: 'Alpha analytics', services: [svcA.slug], countries: ['FR'] });
    const bravoEntity = await buildEntity(deps, scope, { name: 'BRAVO-ONLY Support Inc', country: 'US' });
    const bravoOnly = await buildEngagement(deps, scope, { entityId: bravoEntity.id, purpose: 'BRAVO support', services: [svcB.slug], countries: ['US'] });
    // Customers see what is published (customer-view), never the live registry.
    await publishListVersion(deps, scope, {});
    const alpha = await buildCustomer(deps, scope, { name: 'Alpha Customer AG', services: [svcA.slug], contacts: [{ email: 'dpo@alpha.test', name: 'Alma Alpha' }] });
    const bravo = await buildCustomer(deps, scope, { name: 'BRAVO Customer Ltd', services: [svcB.slug], contacts: [{ email: 'dpo@bravo.test', name: 'BRAVO Contact' }] });
    // A modification replaces the engagement: it keeps its one service, so it touches one customer.
    const change = async (title: string, engagementId: string, entityId: string, service: string, country: string) => {
      const engagement = { entityId, purpose: `${title} purpose`, services: [service], countries: [country] };
      const c = await createChange(deps, scope, { title, reason: `${title} reason`, proposedDate: PROPOSED, operations: [{ op: 'modify', engagementId, engagement }] });
      await announceChange(deps, scope, c.id);
      return c.id;
    };
    x.alphaChange = await change('Alpha change', alphaOnly.id, alphaEntity.id, svcA.slug, 'FR');
    x.bravoChange = await change('BRAVO change', bravoOnly.id, bravoEntity.id, svcB.slug, 'US');
    await submitObjection(deps, { workspaceId: workspace.id, customerId: bravo.id, changeId: x.bravoChange }, { name: 'BRAVO objector', reason: 'BRAVO reasons' });
    x.bravoAcceptance = await acceptedDpa(deps, scope, bravo.id, 'BRAVO Signer');
    x.alphaAcceptance = await acceptedDpa(deps, scope, alpha.id, 'Alma Signer');
    x.alphaRequest = await passedOn(deps, scope, alpha.id, 'user@alpha-user.test');
    x.bravoRequest = await passedOn(deps, scope, bravo.id, 'user@bravo-user.test');
    const y = await buildWorkspace(deps, { name: 'YANKEE Processor' });
    await buildCustomer(deps, y.scope, { name: 'YANKEE Customer', contacts: [{ email: 'dpo@alpha.test' }] });
    Object.assign(x, { slug: workspace.slug, bravoId: bravo.id, ySlug: y.workspace.slug });
    app = await buildTestApp(deps);
    await inviteContacts(deps, scope, alpha.id, {});
    x.cookie = await signInThrough(app, await latestLinkPath(deps.db, 'dpo@alpha.test'));
  });
  after(async () => app?.close());

  it('declares every signed-in portal page in PORTAL_PAGES, and nothing else without a session', () => {
    const declared = app.routeList.filter((r) => r.method === 'GET' && r.url.startsWith('/portal/w/:slug')).map((r) => r.url.slice('/portal/w/:slug'.length));
    const known = new Set<string>([...PORTAL_PAGES, ...PORTAL_PUBLIC_PAGES]);
    assert.deepEqual(declared.filter((u) => !known.has(u)), [], 'a new portal page must be listed in PORTAL_PAGES');
    assert.deepEqual(PORTAL_PAGES.filter((p) => !declared.includes(p)), []);
  });

  it("shows Alpha's data on every portal page and never Bravo's or another workspace's", async () => {
    const leaks: string[] = [];
    for (const path of PORTAL_PAGES) {
      const url = `/portal/w/${x.slug}${fill(path)}`;
      const res = await app.inject({ url, headers: { cookie: x.cookie } });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['cache-control'], 'no-store', url);
      assert.equal(res.headers['x-robots-tag'], 'noindex', url);
      const isPdf = String(res.headers['content-type']).startsWith('application/pdf');
      const text = isPdf ? (await extractText(await getDocumentProxy(new Uint8Array(res.rawPayload)), { mergePages: true })).text : res.body;
      if (!isPdf && !text.includes('Alpha Customer AG')) leaks.push(`${url} does not name Alpha`);
      for (const marker of ['BRAVO', 'YANKEE', 'bravo']) if (text.includes(marker)) leaks.push(`${url} shows ${marker}`);
    }
    assert.deepEqual(leaks, []);
    const subs = await app.inject({ url: `/portal/w/${x.slug}/subprocessors`, headers: { cookie: x.cookie } });
    assert.match(subs.body, /Alpha Analytics SAS/);
    assert.match(subs.body, /Shared Hosting GmbH/);
    const changes = await app.inject({ url: `/portal/w/${x.slug}/changes`, headers: { cookie: x.cookie } });
    assert.match(changes.body, /Alpha change/);
  });

  it("answers 404 to Bravo's acceptance id in the URL, and shows Alpha's own accepted document as intact", async () => {
    const theirs = await app.inject({ url: `/portal/w/${x.slug}/dpa/acceptances/${x.bravoAcceptance}`, headers: { cookie: x.cookie } });
    assert.equal(theirs.statusCode, 404);
    assert.ok(!theirs.body.includes('BRAVO'));
    const mine = await app.inject({ url: `/portal/w/${x.slug}/dpa/acceptances/${x.alphaAcceptance}`, headers: { cookie: x.cookie } });
    assert.match(mine.body, /Accepted by Alma Signer\./);
    assert.match(mine.body, /it still hashes to the value in the ledger/);
  });

  it("answers 404 to Bravo's request id in the URL, for the page and the instruction form, and records nothing", async () => {
    const page = await app.inject({ url: `/portal/w/${x.slug}/requests`, headers: { cookie: x.cookie } });
    assert.equal((await app.inject({ url: `/portal/w/${x.slug}/requests/${x.bravoRequest}`, headers: { cookie: x.cookie } })).statusCode, 404);
    const res = await app.inject({ method: 'POST', url: `/portal/w/${x.slug}/requests/${x.bravoRequest}/instruction`, headers: { ...FORM, ...freshIp(), cookie: x.cookie }, payload: form({ instruction: 'refuse', reason: 'x' }, csrfOf(page.body)) });
    assert.equal(res.statusCode, 404);
    assert.ok(!res.body.includes('bravo'));
    const row = await ctx.db.deps.db.selectFrom('dsr_forwardings').select('instruction').where('request_id', '=', x.bravoRequest).executeTakeFirstOrThrow();
    assert.equal(row.instruction, null);
  });

  it("answers 404 to Bravo's change id in the URL, for the page and both forms, and records nothing", async () => {
    const page = await app.inject({ url: `/portal/w/${x.slug}/changes`, headers: { cookie: x.cookie } });
    const csrf = csrfOf(page.body);
    const before = await ctx.db.deps.db.selectFrom('objections').select('id').where('customer_id', '=', x.bravoId).execute();
    assert.equal((await app.inject({ url: `/portal/w/${x.slug}/changes/${x.bravoChange}`, headers: { cookie: x.cookie } })).statusCode, 404);
    for (const [what, fields] of [['object', { name: 'Alma', reason: 'x' }], ['consent', { decision: 'given', name: 'Alma' }]] as const) {
      const res = await app.inject({ method: 'POST', url: `/portal/w/${x.slug}/changes/${x.bravoChange}/${what}`, headers: { ...FORM, ...freshIp(), cookie: x.cookie }, payload: form(fields, csrf) });
      assert.equal(res.statusCode, 404, what);
      assert.ok(!res.body.includes('BRAVO'));
    }
    const after = await ctx.db.deps.db.selectFrom('objections').select('id').where('customer_id', '=', x.bravoId).execute();
    assert.deepEqual(after, before);
    const cc = await ctx.db.deps.db.selectFrom('change_customers').select('consent').where('customer_id', '=', x.bravoId).executeTakeFirstOrThrow();
    assert.equal(cc.consent, null);
  });

  it("treats workspace X's session as no session under workspace Y's address", async () => {
    for (const path of PORTAL_PAGES) {
      const res = await app.inject({ url: `/portal/w/${x.ySlug}${fill(path)}`, headers: { cookie: x.cookie } });
      assert.equal(res.statusCode, 303, path);
      assert.equal(res.headers.location, `/portal/w/${x.ySlug}/signin`);
    }
    const post = await app.inject({ method: 'POST', url: `/portal/w/${x.ySlug}/changes/${x.alphaChange}/object`, headers: { ...FORM, cookie: x.cookie }, payload: form({ name: 'A', reason: 'B' }) });
    assert.equal(post.statusCode, 401);
  });

  it("records an objection from the portal for Alpha only, and lists it with Alpha's changes", async () => {
    const url = `/portal/w/${x.slug}/changes/${x.alphaChange}`;
    const page = await app.inject({ url, headers: { cookie: x.cookie } });
    assert.match(page.body, /value="Alma Alpha"/, 'the name is prefilled with the contact\'s');
    const empty = await app.inject({ method: 'POST', url: `${url}/object`, headers: { ...FORM, ...freshIp(), cookie: x.cookie }, payload: form({ name: 'Alma Alpha', reason: '' }, csrfOf(page.body)) });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Reasons for the objection: is required/);
    const res = await app.inject({ method: 'POST', url: `${url}/object`, headers: { ...FORM, ...freshIp(), cookie: x.cookie }, payload: form({ name: 'Alma Alpha', reason: 'Not in our region, please.' }, csrfOf(page.body)) });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${url}?sent=objection`);
    const objections = await ctx.db.deps.db.selectFrom('objections').select(['customer_id', 'submitted_name']).where('change_id', '=', x.alphaChange).execute();
    assert.deepEqual(objections.map((o) => o.submitted_name), ['Alma Alpha']);
    const event = await ctx.db.deps.db.selectFrom('audit_events').select('actor_label').where('action', '=', 'objection.received').where('subject_id', '=', x.alphaChange).executeTakeFirstOrThrow();
    assert.match(event.actor_label, /via portal/);
    const receipt = await ctx.db.deps.db.selectFrom('messages').select('text_body').where('kind', '=', 'change.response_receipt').where('change_id', '=', x.alphaChange).executeTakeFirstOrThrow();
    assert.ok(receipt.text_body.includes(`/portal/w/${x.slug}/changes/${x.alphaChange}`), 'the receipt links back to the portal');
    const list = await app.inject({ url: `/portal/w/${x.slug}/changes`, headers: { cookie: x.cookie } });
    assert.match(list.body, /Not in our region, please\./);
    assert.ok(!list.body.includes('BRAVO'));
    const overview = await app.inject({ url: `/portal/w/${x.slug}`, headers: { cookie: x.cookie } });
    assert.match(overview.body, /Your objection is open: Alpha change/);
  });
}, { clock });
