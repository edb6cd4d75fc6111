import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, signedInMember } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { listDpaVersions } from '../../modules/dpa/dpa.queries.ts';
import { acceptDpa, renderDpaForCustomer } from '../../modules/dpa/dpa-for-customer.ts';
import { buildDpaWorkspace, publishDpa, TEMPLATE } from '../../modules/dpa/dpa.test-helpers.ts';
import { GENERIC_TEMPLATE } from '../../modules/dpa/manage-dpa-versions.ts';
import { get, post } from './console.test-helpers.ts';

forEachDialect('console: DPA', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  const fixture = async () => {
    const f = await buildDpaWorkspace(ctx.db.deps);
    const [editor, admin, viewer] = await Promise.all((['editor', 'admin', 'viewer'] as const).map((r) => signedInMember(ctx.db.deps, f.workspace.id, r)));
    return { ...f, editor, admin, viewer, base: `/admin/w/${f.workspace.slug}` };
  };

  it('lets an editor start, edit and preview a draft, naming an unknown placeholder, and an admin publish it', async () => {
    const f = await fixture();
    const created = await post(app, f.editor, `${f.base}/dpa/versions`, {});
    assert.equal(created.statusCode, 303);
    const [draft] = await listDpaVersions(ctx.db.deps.db, f.workspace.id);
    assert.equal(created.headers.location, `${f.base}/dpa/versions/${draft.id}`);
    const editor = await get(app, f.editor, created.headers.location as string);
    assert.match(editor.body, /<textarea id="f-body" name="body" required[^>]*>/);
    assert.match(editor.body, /<th scope="row"><code>\{\{customer\.termination_days\}\}<\/code><\/th>/, 'the placeholder reference');
    assert.doesNotMatch(editor.body, /Publish version 1<\/button>/, 'publishing is for admins');
    const bad = await post(app, f.editor, `${f.base}/dpa/versions/${draft.id}`, { title: 'DPA', body: 'Hello {{customer.shoe}}' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /id="f-body"[^>]*aria-invalid="true"/);
    assert.match(bad.body, /unknown placeholder \{\{customer\.shoe\}\}/);
    assert.equal((await post(app, f.editor, `${f.base}/dpa/versions/${draft.id}`, { title: 'Our DPA', body: TEMPLATE })).statusCode, 303);
    const preview = await get(app, f.viewer, `${f.base}/dpa/versions/${draft.id}/preview?customer=${f.customer.id}`);
    assert.match(preview.body, /Draft of version 1, for CloudBlue Example/);
    assert.match(preview.body, /Annex IV: List of sub-processors/);
    assert.equal((await post(app, f.editor, `${f.base}/dpa/versions/${draft.id}/publish`, {})).statusCode, 403);
    const published = await post(app, f.admin, `${f.base}/dpa/versions/${draft.id}/publish`, {});
    assert.equal(published.headers.location, `${f.base}/dpa?published=1&asked=0`);
    const index = await get(app, f.viewer, published.headers.location as string);
    assert.match(index.body, /Version 1 published\./);
    assert.match(index.body, /1 of 1 customers have not accepted version 1/);
    assert.match(index.body, /<a href="[^"]+\/dpa" aria-current="page">DPA<\/a>/);
    const locked = await post(app, f.editor, `${f.base}/dpa/versions/${draft.id}`, { title: 'Changed', body: TEMPLATE });
    assert.equal(locked.statusCode, 409);
    assert.match(locked.body, /this DPA version is published/);
  });

  it('shows the Art 28(3) checklist on the version page, and why publishing is refused, with the same message when it is', async () => {
    const f = await fixture();
    const draft = (await post(app, f.editor, `${f.base}/dpa/versions`, {})).headers.location as string;
    await post(app, f.editor, draft, { title: 'DPA', body: TEMPLATE });
    const page = await get(app, f.admin, draft);
    assert.match(page.body, /<h2 id="checklist-title">Art 28\(3\) checklist: 15 term\(s\) missing<\/h2>/);
    assert.match(page.body, /<li>Art 28\(3\)\(g\) Deletion or return at the end of the services: missing deletion of existing copies;/);
    await ctx.db.deps.db.updateTable('workspaces').set({ signatory_name: null, signatory_title: null }).where('id', '=', f.workspace.id).execute();
    const warned = await get(app, f.admin, draft);
    assert.match(warned.body, /This version cannot be published yet\.<\/strong> These are empty:<\/p>\n<ul><li>Annex I: the name of the processor&#39;s signatory<\/li><li>Annex I: the title of the processor&#39;s signatory<\/li><\/ul>/);
    const refused = await post(app, f.admin, `${draft}/publish`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /this DPA version cannot be published while these are empty: Annex I: the name of the processor&#39;s signatory; Annex I: the title of the processor&#39;s signatory\./);
    const generic = await post(app, f.editor, draft, { title: 'DPA', body: GENERIC_TEMPLATE() });
    assert.equal(generic.statusCode, 303);
    assert.match((await get(app, f.admin, draft)).body, /The body covers every term Art 28\(3\) GDPR asks for\./);
  });

  it("shows a customer's DPA with its PDF and ledger, and sends acceptance links", async () => {
    const f = await fixture();
    const v = await publishDpa(ctx.db.deps, f.scope);
    const detail = await get(app, f.viewer, `${f.base}/customers/${f.customer.id}`);
    assert.match(detail.body, new RegExp(`<a href="${f.base}/customers/${f.customer.id}/dpa">Data processing agreement</a>`));
    const page = await get(app, f.viewer, `${f.base}/customers/${f.customer.id}/dpa`);
    assert.match(page.body, /CloudBlue Example has not accepted this version/);
    assert.doesNotMatch(page.body, /Send acceptance request/, 'viewers cannot send');
    const pdf = await get(app, f.viewer, `${f.base}/customers/${f.customer.id}/dpa.pdf`);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(String(pdf.headers['content-disposition']), /filename="DPA-v1-cloudblue-example\.pdf"/);
    const sent = await post(app, f.editor, `${f.base}/customers/${f.customer.id}/dpa/requests`, {});
    assert.equal(sent.headers.location, `${f.base}/customers/${f.customer.id}/dpa?sent=2`);
    const r = await renderDpaForCustomer(ctx.db.deps, f.workspace.id, f.customer.id);
    await acceptDpa(ctx.db.deps, { workspaceId: f.workspace.id, customerId: f.customer.id, versionId: v.id, documentSha256: r.sha256, signer: { name: 'Jeanne', title: 'DPO', email: 'j@cloudblue.test' }, method: 'portal', contactId: null });
    const ledger = await get(app, f.viewer, `${f.base}/customers/${f.customer.id}/dpa`);
    assert.match(ledger.body, new RegExp(`<td>Jeanne, DPO \\(j@cloudblue.test\\)</td>\\n<td>Customer portal</td><td><code>${r.sha256}</code><br><a href="[^"]+/dpa/acceptances/[^"]+">The document accepted</a></td>`));
  });
});
