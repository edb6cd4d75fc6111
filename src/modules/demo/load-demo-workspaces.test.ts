import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createDb, type DbHandle } from '../../db/connect.ts';
import { migrateOrThrow } from '../../db/migrate.ts';
import { systemClock } from '../../shared/clock.ts';
import type { Deps } from '../../shared/deps.ts';
import { findLatestVersion } from '../publishing/list-versions.queries.ts';
import { findLatestPublished } from '../dpa/dpa.queries.ts';
import { renderDpaForCustomer } from '../dpa/dpa-for-customer.ts';
import { listCustomers } from '../customers/customers.queries.ts';
import { listEngagements, listEntities } from '../registry/registry.queries.ts';
import { findWorkspaceBySlug } from '../workspaces/workspaces.ts';
import { DEMO_SLUGS, loadDemoWorkspaces } from './load-demo-workspaces.ts';

describe('demo workspaces', () => {
  let handle: DbHandle;
  let deps: Deps;
  let firstLoad: { created: string[]; skipped: string[] };
  const dataDir = mkdtempSync(join(tmpdir(), 'trustroom-demo-'));

  const workspaceId = async (slug: string) => {
    const workspace = await findWorkspaceBySlug(deps.db, slug);
    assert.ok(workspace, `workspace ${slug} exists`);
    return workspace.id;
  };

  before(async () => {
    handle = createDb({ kind: 'sqlite', path: ':memory:' });
    await migrateOrThrow(handle.db);
    deps = { db: handle.db, caps: handle.caps, clock: systemClock, publicUrl: 'http://trustroom.test' };
    firstLoad = await loadDemoWorkspaces(deps, { ownerUserId: null, dataDir });
  });

  after(() => {
    handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the InfluxData example deletion with the exceptions applied row by row, deletes the child’s account, and passes a Scalingo end user’s request to its customer', async () => {
    const influx = await workspaceId('influxdata');
    const requests = await deps.db.selectFrom('dsr_requests').select(['id', 'type', 'status', 'requester_kind', 'outcome_reason']).where('workspace_id', '=', influx).orderBy('created_at').execute();
    assert.deepEqual(requests.map((r) => [r.type, r.requester_kind, r.status]), [['erasure', 'self', 'completed'], ['erasure', 'parent', 'completed'], ['access', 'self', 'awaiting_verification']]);
    const withheld = await deps.db.selectFrom('dsr_withheld').select(['collection', 'rule_key']).where('request_id', '=', requests[0]!.id).orderBy('collection').execute();
    assert.deepEqual(withheld.map((w) => `${w.collection} ${w.rule_key}`).sort(), ['influxcloud:access_logs network-access-logs', 'influxcloud:invoices legal-retention', 'influxcloud:invoices legal-retention']);
    assert.match(requests[0]!.outcome_reason ?? '', /legal retention/);
    const scalingo = await workspaceId('scalingo');
    const forwarded = await deps.db.selectFrom('dsr_requests').innerJoin('dsr_forwardings', 'dsr_forwardings.request_id', 'dsr_requests.id')
      .select(['dsr_requests.status', 'dsr_forwardings.within']).where('dsr_requests.workspace_id', '=', scalingo).execute();
    assert.deepEqual(forwarded, [{ status: 'forwarded', within: '48h' }]);
  });

  it('creates the three example workspaces, each with version 1 published', async () => {
    assert.deepEqual([...DEMO_SLUGS].sort(), ['cloudblue', 'influxdata', 'scalingo']);
    assert.deepEqual(firstLoad, { created: ['influxdata', 'cloudblue', 'scalingo'], skipped: [] });
    for (const slug of DEMO_SLUGS) {
      const workspace = await findWorkspaceBySlug(deps.db, slug);
      assert.match(workspace?.exampleSource ?? '', /example built from a public document/i);
      const version = await findLatestVersion(deps.db, await workspaceId(slug));
      assert.equal(version?.version, 1);
      assert.equal(version?.note, 'Example data from a public document');
    }
    assert.equal((await findLatestVersion(deps.db, await workspaceId('influxdata')))?.currentAsOf, '2018-06-27');
  });

  it('keeps all 16 CloudBlue rows, with Ingram Micro Inc. as one entity engaged three times', async () => {
    const id = await workspaceId('cloudblue');
    const engagements = await listEngagements(deps.db, id);
    assert.equal(engagements.length, 16);
    const ingram = (await listEntities(deps.db, id)).filter((e) => e.name === 'Ingram Micro Inc.');
    assert.equal(ingram.length, 1);
    const ingramEngagements = engagements.filter((g) => g.entityId === ingram[0].id);
    assert.equal(ingramEngagements.length, 3);
    const countries = ingramEngagements.map((g) => g.countries);
    assert.ok(countries.some((c) => JSON.stringify(c) === JSON.stringify(['US', 'CA'])));
    assert.ok(countries.some((c) => JSON.stringify(c) === JSON.stringify(['MX'])));
  });

  it('lists exactly the five Connect rows of CloudBlue on the Connect platform, in document order', async () => {
    const connect = (await listEngagements(deps.db, await workspaceId('cloudblue'))).filter((g) => g.services.includes('connect'));
    assert.deepEqual(connect.map((g) => [g.entityName, g.kind, g.countries]), [
      ['Ingram Micro European Services S.L.U.', 'affiliate', ['ES']],
      ['Ingram Micro Inc.', 'affiliate', ['US', 'CA']],
      ['Microsoft Inc.', 'infrastructure', ['NL', 'US']],
      ['Amazon Web Services, Inc.', 'infrastructure', ['US']],
      ['LogsHero, Ltd', 'third_party', ['US']],
    ]);
  });

  it('records the nine InfluxData companies, Salesforce covering the website, InfluxCloud and InfluxEnterprise', async () => {
    const id = await workspaceId('influxdata');
    assert.equal((await listEntities(deps.db, id)).length, 9);
    const engagements = await listEngagements(deps.db, id);
    const salesforce = engagements.find((g) => g.entityName === 'Salesforce');
    assert.deepEqual([...(salesforce?.services ?? [])].sort(), ['influxcloud', 'influxenterprise', 'website']);
    assert.match(salesforce?.purpose ?? '', /Heroku/);
    const cloudflare = engagements.find((g) => g.entityName === 'Cloudflare');
    assert.equal(cloudflare?.role, 'subcontractor');
    assert.deepEqual(engagements.find((g) => g.entityName === 'Amazon')?.countries, []);
  });

  it('records Scalingo’s Intercom analytics as controller processing under Privacy Shield', async () => {
    const intercom = (await listEngagements(deps.db, await workspaceId('scalingo'))).find((g) => g.entityName === 'Intercom');
    assert.equal(intercom?.context, 'controller');
    assert.deepEqual(intercom?.transferMechanisms, ['privacy-shield']);
  });

  it('adds fictitious customers, named as such: a CloudBlue reseller on Connect and a Scalingo customer on specific authorisation', async () => {
    const reseller = await listCustomers(deps.db, await workspaceId('cloudblue'));
    assert.deepEqual(reseller.map((c) => [c.name, c.services, c.authorisation, c.effectiveNoticeDays]), [['Example Reseller GmbH (fictitious example customer)', ['connect'], 'general', 30]]);
    const startup = await listCustomers(deps.db, await workspaceId('scalingo'));
    assert.deepEqual(startup.map((c) => [c.regions, c.authorisation, c.effectiveTimeZone]), [[['osc-fr1'], 'specific', 'Europe/Paris']]);
  });

  it('publishes a DPA in each workspace, with particulars from the public documents, that passes the Art 28(3) checklist', async () => {
    for (const slug of DEMO_SLUGS) {
      const dpa = await findLatestPublished(deps.db, await workspaceId(slug));
      assert.equal(dpa?.version, 1, slug);
      assert.deepEqual(dpa?.warnings, [], `${slug}: no Art 28(3) term missing`);
      const p = (await findWorkspaceBySlug(deps.db, slug))!.processor;
      assert.ok(p.legalName && p.address && p.contactName && p.contactEmail && p.signatoryName && p.signatoryTitle, slug);
    }
    const influx = (await findWorkspaceBySlug(deps.db, 'influxdata'))!.processor;
    assert.deepEqual([influx.legalName, influx.address, influx.country, influx.contactEmail], ['InfluxData Inc.', '150 Spear Street, Suite 1750, San Francisco, CA 94105', 'US', 'contact@influxdata.com']);
    assert.match(influx.signatoryName ?? '', /fictitious/, 'what no document gives is marked fictitious');
  });

  it('makes Scalingo’s sub-processing need the customer’s prior written specific consent, and lists only what is published for its customer', async () => {
    const id = await workspaceId('scalingo');
    const [startup] = await listCustomers(deps.db, id);
    const r = await renderDpaForCustomer(deps, id, startup.id);
    assert.match(r.html, /9\. Sub-processing<\/h3>\n<p>Scalingo does not subcontract any of its processing operations performed on behalf of Example Startup SAS \(fictitious example customer\) without the controller&#39;s prior written specific consent to each new sub-processor\./);
    assert.match(r.html, /takes effect for the controller only once it has consented, and not before the date proposed/);
    assert.doesNotMatch(r.html, /days before a change/);
    const annex4 = r.html.slice(r.html.indexOf('Annex IV'));
    assert.match(annex4, /<td>Outscale<\/td>/);
    assert.doesNotMatch(annex4, /Intercom|Stripe|PayPal/, 'independent controllers are not its sub-processors');
    assert.equal(r.fileName, 'DPA-v1-example-startup-sas-fictitious-example-customer.pdf');
  });

  it('creates nothing when loaded a second time', async () => {
    const countRows = async () => ({
      workspaces: (await deps.db.selectFrom('workspaces').select('id').execute()).length,
      engagements: (await deps.db.selectFrom('engagements').select('id').execute()).length,
      versions: (await deps.db.selectFrom('list_versions').select('id').execute()).length,
    });
    const before = await countRows();
    const second = await loadDemoWorkspaces(deps, { ownerUserId: null });
    assert.deepEqual(second, { created: [], skipped: ['influxdata', 'cloudblue', 'scalingo'] });
    assert.deepEqual(await countRows(), before);
  });
});
