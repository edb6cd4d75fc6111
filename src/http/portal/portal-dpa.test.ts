import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
import { buildTestApp, form } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildWorkspace } from '../../../test/factories.ts';
import { createDpaDraft, publishDpaVersion } from '../../modules/dpa/manage-dpa-versions.ts';
import { makeDpaPublishable } from '../../modules/dpa/dpa.test-helpers.ts';
import { inviteContacts } from '../../modules/portal/invite-contact.ts';
import { csrfOf, freshIp, latestLinkPath, signInThrough } from './portal.test-helpers.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

forEachDialect('customer portal DPA', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  const signedIn = async () => {
    const { workspace, scope } = await buildWorkspace(ctx.db.deps);
    const customer = await buildCustomer(ctx.db.deps, scope, { name: 'Hooli SA', contacts: [{ email: 'gavin@hooli.test', name: 'Gavin B' }] });
    await inviteContacts(ctx.db.deps, scope, customer.id, {});
    const cookie = await signInThrough(app, await latestLinkPath(ctx.db.deps.db, 'gavin@hooli.test'));
    return { workspace, scope, customer, cookie, base: `/portal/w/${workspace.slug}` };
  };

  it('says clearly when no DPA is published, and has no PDF then', async () => {
    const f = await signedIn();
    const page = await app.inject({ url: `${f.base}/dpa`, headers: { cookie: f.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /has not published a data processing agreement in the portal yet/);
    assert.match((await app.inject({ url: f.base, headers: { cookie: f.cookie } })).body, /No version published yet/);
    assert.equal((await app.inject({ url: `${f.base}/dpa.pdf`, headers: { cookie: f.cookie } })).statusCode, 404);
  });

  it('shows the published DPA with its PDF, and accepts it from the portal with the hash shown, the contact recorded', async () => {
    const f = await signedIn();
    await makeDpaPublishable(ctx.db.deps, f.scope);
    const draft = await createDpaDraft(ctx.db.deps, f.scope, {});
    await publishDpaVersion(ctx.db.deps, f.scope, draft.id);
    const overview = await app.inject({ url: f.base, headers: { cookie: f.cookie } });
    assert.match(overview.body, /Accept version 1 of the data processing agreement/);
    const page = await app.inject({ url: `${f.base}/dpa`, headers: { cookie: f.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /value="gavin@hooli\.test"/, 'the e-mail is prefilled with the contact\'s');
    const sha = /name="documentSha256" value="([0-9a-f]{64})"/.exec(page.body)?.[1];
    const versionId = /name="versionId" value="([^"]+)"/.exec(page.body)?.[1];
    assert.ok(sha && versionId);
    const pdf = await app.inject({ url: `${f.base}/dpa.pdf`, headers: { cookie: f.cookie } });
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const text = (await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), { mergePages: true })).text;
    assert.match(text, /Hooli SA/);

    const post = (fields: Record<string, string>) => app.inject({ method: 'POST', url: `${f.base}/dpa/accept`, headers: { ...FORM, ...freshIp(), cookie: f.cookie }, payload: form(fields, csrfOf(page.body)) });
    const noAuthority = await post({ versionId, documentSha256: sha, name: 'Gavin B', title: 'CEO', email: 'gavin@hooli.test' });
    assert.equal(noAuthority.statusCode, 400);
    assert.match(noAuthority.body, /Authority: must be confirmed/);
    const stale = await post({ versionId, documentSha256: 'f'.repeat(64), name: 'Gavin B', title: 'CEO', email: 'gavin@hooli.test', authority: 'true' });
    assert.equal(stale.statusCode, 409);
    const ok = await post({ versionId, documentSha256: sha, name: 'Gavin B', title: 'CEO', email: 'gavin@hooli.test', authority: 'true' });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, `${f.base}/dpa?accepted=1`);
    const rows = await ctx.db.deps.db.selectFrom('dpa_acceptances').selectAll().where('customer_id', '=', f.customer.id).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].method, 'portal');
    assert.equal(rows[0].document_sha256, sha);
    assert.equal(rows[0].contact_id, f.customer.contacts[0].id);
    const ledger = await app.inject({ url: `${f.base}/dpa?accepted=1`, headers: { cookie: f.cookie } });
    assert.match(ledger.body, /Your acceptance of version 1 was recorded/);
    assert.match(ledger.body, /<caption>Acceptances by Hooli SA<\/caption>/);
    assert.match(ledger.body, /Customer portal/);
    assert.doesNotMatch(ledger.body, /Accept the agreement<\/button>/, 'no form once accepted');
  });
});
