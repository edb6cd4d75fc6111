import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, form } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { Clock } from '../../shared/clock.ts';
import { listDpaAcceptances } from '../../modules/dpa/dpa.queries.ts';
import { createDpaDraft, publishDpaVersion } from '../../modules/dpa/manage-dpa-versions.ts';
import { requestDpaAcceptance } from '../../modules/dpa/request-dpa-acceptance.ts';
import { buildDpaWorkspace, publishDpa } from '../../modules/dpa/dpa.test-helpers.ts';
import { updateCustomer } from '../../modules/customers/manage-customers.ts';

let offset = 0;
const clock: Clock = { now: () => new Date(Date.now() + offset) };
let ip = 0;

forEachDialect('DPA acceptance page', (ctx) => {
  let app: FastifyInstance;
  const deps = () => ({ ...ctx.db.deps, clock });
  before(async () => {
    app = await buildTestApp(deps());
  });
  after(async () => app?.close());

  /** A published DPA, links sent to the customer's contacts; returns the first link's path. */
  const linkFor = async () => {
    offset = 0;
    const f = await buildDpaWorkspace(deps());
    await publishDpa(deps(), f.scope);
    await requestDpaAcceptance(deps(), f.scope, { customerId: f.customer.id });
    const m = await ctx.db.deps.db.selectFrom('messages').select(['text_body', 'to_address']).where('workspace_id', '=', f.workspace.id).where('kind', '=', 'dpa.acceptance_requested').orderBy('to_address').executeTakeFirstOrThrow();
    const url = /http:\/\/trustroom\.test(\/w\/[^\s]+)/.exec(m.text_body)![1];
    return { ...f, url };
  };
  const send = (url: string, fields: Record<string, string>, over: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', 'sec-fetch-site': 'same-origin', 'x-forwarded-for': `198.51.100.${++ip % 250}`, ...over } });
  const hashOn = (page: string) => /name="documentSha256" value="([0-9a-f]{64})"/.exec(page)![1];
  const signer = { name: 'Jeanne Dupont', title: 'DPO', email: 'dpo@cloudblue.test', authority: 'true' };

  it('shows the agreement, its PDF link and the form, never cached, indexed or referred', async () => {
    const f = await linkFor();
    const res = await app.inject({ url: f.url });
    assert.equal(res.statusCode, 200);
    assert.deepEqual([res.headers['cache-control'], res.headers['referrer-policy'], res.headers['x-robots-tag']], ['no-store', 'no-referrer', 'noindex']);
    assert.match(res.body, /<h1>Data processing agreement for CloudBlue Example<\/h1>/);
    assert.match(res.body, /Annex IV: List of sub-processors/);
    assert.match(res.body, /I have authority to accept on behalf of CloudBlue Example/);
    assert.match(res.body, /name="email"[^>]*value="dpo@cloudblue.test"/, 'the e-mail is prefilled with the contact the link was sent to');
    const pdf = await app.inject({ url: `${f.url}/pdf` });
    assert.deepEqual([pdf.statusCode, pdf.headers['content-type'], pdf.headers['x-content-sha256']], [200, 'application/pdf', hashOn(res.body)]);
    assert.equal((await app.inject({ url: f.url.replace(f.workspace.slug, 'other') })).statusCode, 404);
  });

  it('accepts through the link end to end: ledger row, receipt page, and the link is then used', async () => {
    const f = await linkFor();
    const page = (await app.inject({ url: f.url })).body;
    const res = await send(f.url, { ...signer, documentSha256: hashOn(page) });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `${f.url}?accepted=1`);
    const receipt = await app.inject({ url: res.headers.location });
    assert.equal(receipt.statusCode, 200);
    assert.match(receipt.body, /Thank you: the agreement is accepted/);
    assert.match(receipt.body, new RegExp(hashOn(page)));
    const [a] = await listDpaAcceptances(ctx.db.deps.db, f.workspace.id, f.customer.id);
    assert.deepEqual([a.method, a.signerName, a.documentSha256], ['link', 'Jeanne Dupont', hashOn(page)]);
    const again = await app.inject({ url: f.url });
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /This link was already used/);
    const twice = await send(f.url, { ...signer, documentSha256: hashOn(page) });
    assert.equal(twice.statusCode, 409);
    assert.equal((await listDpaAcceptances(ctx.db.deps.db, f.workspace.id)).length, 1);
  });

  it('answers 409 with the new text when the document changed, and writes nothing', async () => {
    const f = await linkFor();
    const old = hashOn((await app.inject({ url: f.url })).body);
    await updateCustomer(deps(), f.scope, f.customer.id, { name: f.customer.name, country: 'FR', services: ['connect'], address: 'Moved', contacts: f.customer.contacts.map((k) => ({ email: k.email })) });
    const res = await send(f.url, { ...signer, documentSha256: old });
    assert.equal(res.statusCode, 409);
    assert.match(res.body, /The agreement changed while you were reading it/);
    assert.notEqual(hashOn(res.body), old);
    assert.match(res.body, /name="name"[^>]*value="Jeanne Dupont"/);
    assert.equal((await listDpaAcceptances(ctx.db.deps.db, f.workspace.id)).length, 0);
  });

  it('names every missing field, refuses cross-site posts, and explains expired and superseded links', async () => {
    const f = await linkFor();
    const hash = hashOn((await app.inject({ url: f.url })).body);
    const bad = await send(f.url, { name: '', title: '', email: 'nope', documentSha256: hash });
    assert.equal(bad.statusCode, 400);
    for (const field of ['name', 'title', 'email']) assert.match(bad.body, new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`));
    assert.match(bad.body, /Authority: must be confirmed/);
    assert.equal((await send(f.url, { ...signer, documentSha256: hash }, { 'sec-fetch-site': 'cross-site' })).statusCode, 403);
    offset = 31 * 86_400_000;
    const expired = await app.inject({ url: f.url });
    assert.equal(expired.statusCode, 410);
    assert.match(expired.body, /This link has expired/);
    assert.equal((await send(f.url, { ...signer, documentSha256: hash })).statusCode, 410);
    offset = 0;
    const draft = await createDpaDraft(deps(), f.scope);
    await publishDpaVersion(deps(), f.scope, draft.id);
    const superseded = await app.inject({ url: f.url });
    assert.equal(superseded.statusCode, 410);
    assert.match(superseded.body, /A newer version was published/);
    assert.equal((await app.inject({ url: `/w/${f.workspace.slug}/dpa/accept/dpa_nothing` })).statusCode, 404);
    assert.equal((await listDpaAcceptances(ctx.db.deps.db, f.workspace.id)).length, 0);
  });
});
