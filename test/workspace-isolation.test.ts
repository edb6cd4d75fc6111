/**
 * Table-driven over every declared route: a session or API token of workspace A can neither read
 * nor change anything of workspace B. Each route naming a workspace is called with B's slug and
 * B's ids, by A's owner session (with a valid CSRF token) and by A's admin API token.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApiToken } from '../src/modules/access/api-tokens.ts';
import { announceChange } from '../src/modules/changes/announce-change.ts';
import { createChange } from '../src/modules/changes/manage-changes.ts';
import { submitObjection } from '../src/modules/changes/respond-to-change.ts';
import { publishListVersion } from '../src/modules/publishing/publish-list-version.ts';
import { createRegion } from '../src/modules/registry/manage-regions.ts';
import { subscribe } from '../src/modules/subscribers/subscribe.ts';
import { addWebhookEndpoint } from '../src/modules/webhooks/manage-webhook-endpoints.ts';
import type { Db } from '../src/db/schema.ts';
import { apiTokenHeaders, buildTestApp, signedInMember, type SessionAgent } from './app.ts';
import { respondToken } from './change-fixtures.ts';
import { forEachDialect } from './dialects.ts';
import { buildCustomer, buildEngagement, buildEntity, buildService, buildWorkspace } from './factories.ts';
import { acceptDpa, renderDpaForCustomer } from '../src/modules/dpa/dpa-for-customer.ts';
import { createDpaDraft, publishDpaVersion } from '../src/modules/dpa/manage-dpa-versions.ts';
import { fillDpaParticulars } from '../src/modules/dpa/dpa.test-helpers.ts';
import { addEvidenceLink, createMeasure } from '../src/modules/measures/manage-measures.ts';
import { createActivity } from '../src/modules/records/manage-activities.ts';

const MARKER = 'Bravo-Only-Entity-7f3a';

/** Everything of workspace B that a leak or a change would touch. */
async function stateOf(db: Db, workspaceId: string) {
  const count = async (table: 'entities' | 'engagements' | 'services' | 'regions' | 'list_versions' | 'api_tokens' | 'memberships' | 'audit_events' | 'changes' | 'change_customers' | 'objections' | 'messages') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow()).n);
  const ws = await db.selectFrom('workspaces').select(['slug', 'name', 'group_by']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const entities = await db.selectFrom('entities').select(['name', 'updated_at']).where('workspace_id', '=', workspaceId).orderBy('name').execute();
  const tokens = await db.selectFrom('api_tokens').select(['id', 'revoked_at']).where('workspace_id', '=', workspaceId).orderBy('id').execute();
  const roles = await db.selectFrom('memberships').select(['user_id', 'role']).where('workspace_id', '=', workspaceId).orderBy('user_id').execute();
  const webhooks = await db.selectFrom('webhook_endpoints').select(['id', 'url', 'secret', 'active']).where('workspace_id', '=', workspaceId).orderBy('id').execute();
  const subscribers = await db.selectFrom('subscribers').select(['id', 'status', 'services']).where('workspace_id', '=', workspaceId).orderBy('id').execute();
  const deliveries = await db.selectFrom('webhook_deliveries').select('id').where('workspace_id', '=', workspaceId).orderBy('id').execute();
  const customers = await db.selectFrom('customers').select(['id', 'name', 'notice_days', 'updated_at']).where('workspace_id', '=', workspaceId).orderBy('id').execute();
  const contacts = await db.selectFrom('customer_contacts').select(['id', 'email', 'name']).where('workspace_id', '=', workspaceId).orderBy('id').execute();
  const changes = await db.selectFrom('changes').select(['id', 'status', 'title', 'updated_at']).where('workspace_id', '=', workspaceId).orderBy('id').execute();
  const measures = await db.selectFrom('measures').select(['id', 'title', 'last_reviewed_on', 'updated_at']).where('workspace_id', '=', workspaceId).orderBy('id').execute();
  const evidence = await db.selectFrom('measure_evidence').select(['id', 'label']).where('workspace_id', '=', workspaceId).orderBy('id').execute();
  const activities = await db.selectFrom('processing_activities').select(['id', 'name', 'position', 'updated_at']).where('workspace_id', '=', workspaceId).orderBy('id').execute();
  const dpa = await db.selectFrom('dpa_versions').select(['id', 'status', 'body', 'updated_at']).where('workspace_id', '=', workspaceId).orderBy('id').execute();
  const acceptances = await db.selectFrom('dpa_acceptances').select('id').where('workspace_id', '=', workspaceId).orderBy('id').execute();
  const portal = await db.selectFrom('portal_links').select('id').where('workspace_id', '=', workspaceId).orderBy('id').execute();
  return {
    changes, measures, evidence, activities, dpa, acceptances, portal,
    ws, entities, tokens, roles, webhooks, deliveries, subscribers,
    customers, contacts,
    counts: Object.fromEntries(await Promise.all((['entities', 'engagements', 'services', 'regions', 'list_versions', 'api_tokens', 'memberships', 'audit_events', 'changes', 'change_customers', 'objections', 'messages'] as const).map(async (t) => [t, await count(t)]))),
  };
}

forEachDialect('workspace isolation', (ctx) => {
  let app: FastifyInstance;
  let session: SessionAgent;
  let token: Record<string, string>;
  const b = {} as { slug: string; id: string; entityId: string; engagementId: string; serviceId: string; regionId: string; tokenId: string; userId: string; email: string; customerId: string; webhookId: string; subscriberId: string; changeId: string; objectionId: string; messageId: string; measureId: string; evidenceId: string; activityId: string; dpaVersionId: string; dpaDraftId: string };

  /** A fresh workspace B with one of everything, so each test starts from an untouched B. */
  async function buildB(slug: string) {
    const { deps } = ctx.db;
    const bw = await buildWorkspace(deps, { slug });
    const entity = await buildEntity(deps, bw.scope, { name: MARKER });
    const service = await buildService(deps, bw.scope);
    const region = await createRegion(deps, bw.scope, { slug: 'b-region', name: 'B region' });
    const engagement = await buildEngagement(deps, bw.scope, { entityId: entity.id, services: [service.slug], regions: [region.slug] });
    await publishListVersion(deps, bw.scope, {});
    const bToken = await createApiToken(deps, bw.scope, { name: 'b-token', role: 'viewer' });
    const bMember = await signedInMember(deps, bw.workspace.id, 'editor');
    const customer = await buildCustomer(deps, bw.scope);
    const webhook = await addWebhookEndpoint(deps, bw.scope, customer.id, { url: 'https://hooks.bravo.example/in' });
    await subscribe(deps, bw.workspace.id, { email: 'subscriber@bravo.example' });
    const subscriber = await deps.db.selectFrom('subscribers').select('id').where('workspace_id', '=', bw.workspace.id).executeTakeFirstOrThrow();
    // An announced change with an objection and its messages (dated ahead of the real clock).
    const proposedDate = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    const change = await createChange(deps, bw.scope, { title: 'B change', reason: 'B reason', proposedDate, operations: [{ op: 'modify', engagementId: engagement.id, engagement: { entityId: entity.id, purpose: 'B purpose' } }] });
    await announceChange(deps, bw.scope, change.id);
    const answered = await submitObjection(deps, await respondToken(deps.db, customer.id, change.id), { name: 'B contact', reason: 'B objects' });
    const message = await deps.db.selectFrom('messages').select('id').where('workspace_id', '=', bw.workspace.id).executeTakeFirstOrThrow();
    // Measures with evidence, a processing activity, and a published DPA accepted by the customer plus a draft.
    const measure = await createMeasure(deps, bw.scope, { category: 'physical_access_control', title: 'B badge access', description: 'B measure' });
    const evidence = await addEvidenceLink(deps, bw.scope, measure.id, { label: 'B policy', url: 'https://bravo.example/policy' });
    const activity = await createActivity(deps, bw.scope, { role: 'processor', name: 'B hosting', purposes: ['B purpose'], dataSubjects: ['B users'], dataCategories: ['B data'], frequency: 'continuous' });
    await fillDpaParticulars(deps, bw.scope);
    const published = await publishDpaVersion(deps, bw.scope, (await createDpaDraft(deps, bw.scope, { title: 'B DPA', body: 'B terms for {{customer.name}}.' })).id);
    const rendered = await renderDpaForCustomer(deps, bw.workspace.id, customer.id);
    await acceptDpa(deps, { workspaceId: bw.workspace.id, customerId: customer.id, versionId: rendered.versionId, documentSha256: rendered.sha256, signer: { name: 'B signer', title: 'B title', email: 'signer@bravo.example' }, method: 'portal', contactId: null });
    const draft = await createDpaDraft(deps, bw.scope, {});
    Object.assign(b, {
      measureId: measure.id, evidenceId: evidence.id, activityId: activity.id, dpaVersionId: published.version.id, dpaDraftId: draft.id,
      slug, id: bw.workspace.id, entityId: entity.id, engagementId: engagement.id, serviceId: service.id, regionId: region.id,
      tokenId: bToken.view.id, userId: bMember.userId, email: bMember.email, customerId: customer.id, webhookId: webhook.endpoint.id, subscriberId: subscriber.id,
      changeId: change.id, objectionId: answered.customer.objections[0].id, messageId: message.id,
    });
  }

  before(async () => {
    const { deps } = ctx.db;
    const a = await buildWorkspace(deps, { slug: 'alpha' });
    await buildEngagement(deps, a.scope);
    session = await signedInMember(deps, a.workspace.id, 'owner');
    token = await apiTokenHeaders(deps, a.workspace.id, 'admin');
    app = await buildTestApp(deps);
  });
  after(async () => app?.close());

  /** B's route with every parameter filled with B's ids. */
  function fill(url: string): string {
    return url.replace(/\/([a-z-]+)\/:([A-Za-z]+)/g, (_m, segment: string, param: string) => {
      if (param === 'slug') return `/${segment}/${b.slug}`;
      if (['n', 'version', 'from', 'to'].includes(param)) return `/${segment}/1`;
      if (param === 'userId') return `/${segment}/${b.userId}`;
      const ids: Record<string, string> = {
        entities: b.entityId, engagements: b.engagementId, services: b.serviceId, regions: b.regionId, tokens: b.tokenId, members: b.userId,
        customers: b.customerId, webhooks: b.webhookId, subscribers: b.subscriberId,
        changes: b.changeId, objections: b.objectionId, messages: b.messageId, outbox: b.messageId,
        measures: b.measureId, evidence: b.evidenceId, 'processing-activities': b.activityId, records: b.activityId,
        // A draft is the version a stranger could still change; a published one is immutable anyway.
        versions: b.dpaDraftId,
      };
      return `/${segment}/${ids[segment] ?? b.entityId}`;
    }).replace(/:([A-Za-z]+)/g, '1');
  }

  const body = () => ({
    name: 'Hijacked', slug: 'hijacked', purpose: 'hijack', entityId: b.entityId, role: 'owner', email: session.email, displayName: 'x',
    currentAsOf: '2099-01-01', groupBy: 'service', note: 'x', countries: ['DE'], confirm: 'yes', url: 'https://hijack.example/hook', active: false,
    title: 'Hijacked', reason: 'hijack', proposedDate: '2099-01-01', operations: [], resolution: 'change_withdrawn',
  });

  it('covers every workspace route of the API and the console', () => {
    const scoped = app.routeList.filter((r) => r.url.includes('/w/:slug') && (r.url.startsWith('/api/') || r.url.startsWith('/admin/')));
    // A floor, so that a broken route list cannot make the next tests pass vacuously.
    assert.ok(scoped.filter((r) => r.url.startsWith('/api/')).length >= 20, 'API routes found');
    assert.ok(scoped.filter((r) => r.url.startsWith('/admin/')).length >= 20, 'console routes found');
  });

  for (const who of ['session', 'token'] as const) {
    it(`refuses workspace A's ${who} on every route of workspace B and leaves B unchanged`, async () => {
      const { db } = ctx.db.deps;
      await buildB(`bravo-${who}`);
      const before = await stateOf(db, b.id);
      // Workspace settings last: were one to leak, renaming B would hide every later leak.
      const isSettings = (url: string) => /\/w\/:slug(\/settings)?$/.test(url);
      const scoped = app.routeList
        .filter((r) => r.url.includes('/w/:slug') && (r.url.startsWith('/api/') || r.url.startsWith('/admin/')))
        .sort((x, y) => Number(isSettings(x.url)) - Number(isSettings(y.url)));
      const leaks: string[] = [];
      for (const route of scoped) {
        const url = fill(route.url);
        const isForm = route.url.startsWith('/admin/');
        const headers: Record<string, string> = who === 'session' ? { ...session.headers } : { ...token };
        let payload: string | undefined;
        if (route.method !== 'GET' && route.method !== 'DELETE') {
          if (isForm) {
            headers['content-type'] = 'application/x-www-form-urlencoded';
            const p = new URLSearchParams(Object.entries(body()).map(([k, v]) => [k, String(v)]));
            if (who === 'session') p.append('_csrf', session.csrf);
            payload = p.toString();
          } else {
            headers['content-type'] = 'application/json';
            payload = JSON.stringify(body());
          }
        }
        const res = await app.inject({ method: route.method as 'GET', url, headers, payload });
        const refused = res.statusCode === 403 || res.statusCode === 404 || (who === 'token' && isForm && res.statusCode === 401);
        if (!refused) leaks.push(`${route.method} ${url} → ${res.statusCode}`);
        if (res.body.includes(MARKER)) leaks.push(`${route.method} ${url} shows B's data`);
      }
      assert.deepEqual(leaks, []);
      assert.deepEqual(await stateOf(db, b.id), before);
    });
  }

  it("lists only A's workspaces to A and never B's data on routes without a workspace", async () => {
    await buildB('bravo');
    const unscoped = app.routeList.filter((r) => r.method === 'GET' && !r.url.includes(':') && (r.url.startsWith('/api/') || r.url.startsWith('/admin')));
    assert.ok(unscoped.length >= 2);
    for (const route of unscoped) {
      for (const headers of [session.headers, token]) {
        const res = await app.inject({ method: 'GET', url: route.url, headers });
        assert.ok(!res.body.includes(MARKER), `${route.url} shows B's data`);
        if (route.url === '/api/workspaces' || route.url === '/admin') assert.ok(!res.body.includes('bravo'), `${route.url} names workspace B`);
      }
    }
  });
});
