import assert from 'node:assert/strict';
import { it } from 'node:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { buildCustomer } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { AppError } from '../../shared/errors.ts';
import { renderDocumentPdf } from '../documents/render-document-pdf.ts';
import { updateCustomer } from '../customers/manage-customers.ts';
import { parseDpaVersionInput } from './dpa.ts';
import { listDpaVersions } from './dpa.queries.ts';
import { renderDpaForCustomer } from './dpa-for-customer.ts';
import { createDpaDraft, deleteDpaDraft, publishDpaVersion, updateDpaDraft } from './manage-dpa-versions.ts';
import { escapeMarkdown, placeholderCatalogue } from './placeholders.ts';
import { buildDpaWorkspace, publishDpa, TEMPLATE } from './dpa.test-helpers.ts';

const codeOf = (e: unknown) => (e as AppError).code;

it('refuses a body with an unknown placeholder, naming body and the placeholder', () => {
  assert.throws(() => parseDpaVersionInput({ title: 'DPA', body: 'Hello {{customer.name}} and {{ customer.nmae }}' }), (e: unknown) => {
    assert.equal(codeOf(e), 'validation_error');
    assert.match((e as AppError).message, /^body: unknown placeholder \{\{customer\.nmae\}\}/);
    return true;
  });
  assert.throws(() => parseDpaVersionInput({ title: '', body: '' }), /title: is required; body: is required/);
});

it('describes every placeholder with a type and a source, as data', () => {
  const c = placeholderCatalogue();
  assert.ok(c.version && c.source);
  for (const p of c.placeholders) {
    assert.ok(['text', 'number', 'date', 'country', 'enum'].includes(p.type), p.name);
    assert.ok(p.description && p.source, p.name);
  }
  for (const name of ['processor.name', 'customer.supervisory_authority', 'customer.termination_handling', 'dpa.published_on', 'today']) {
    assert.ok(c.placeholders.some((p) => p.name === name), name);
  }
});

it('escapes values so they stay plain markdown text', () => {
  assert.equal(escapeMarkdown('*Evil* [x](http://e.test)\n# h'), '\\*Evil\\* \\[x\\]\\(http://e\\.test\\), \\# h');
});

forEachDialect('DPA versions', (ctx) => {
  it('keeps one draft at a time, copies the latest published body into a new version, and audits each step', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildDpaWorkspace(deps);
    const first = await createDpaDraft(deps, scope);
    assert.equal(first.version, 1);
    assert.match(first.body, /\{\{customer\.name\}\}/, 'the generic template');
    await assert.rejects(createDpaDraft(deps, scope), (e) => codeOf(e) === 'dpa_draft_exists');
    await updateDpaDraft(deps, scope, first.id, { title: 'Our DPA', body: TEMPLATE, note: 'First' });
    await publishDpaVersion(deps, scope, first.id);
    const second = await createDpaDraft(deps, scope);
    assert.deepEqual([second.version, second.title, second.body, second.status], [2, 'Our DPA', TEMPLATE.trim(), 'draft']);
    await deleteDpaDraft(deps, scope, second.id);
    assert.deepEqual((await listDpaVersions(deps.db, scope.workspaceId)).map((v) => [v.version, v.status]), [[1, 'published']]);
    const actions = await deps.db.selectFrom('audit_events').select('action').where('workspace_id', '=', scope.workspaceId).where('action', 'like', 'dpa_version.%').orderBy('seq').execute();
    assert.deepEqual(actions.map((a) => a.action), ['dpa_version.created', 'dpa_version.updated', 'dpa_version.published', 'dpa_version.created', 'dpa_version.deleted']);
  });

  it('makes a published version immutable: update, delete and publish again are 409 dpa_version_published', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildDpaWorkspace(deps);
    const v = await publishDpa(deps, scope);
    assert.equal(v.status, 'published');
    assert.match(v.bodySha256 ?? '', /^[0-9a-f]{64}$/);
    await assert.rejects(updateDpaDraft(deps, scope, v.id, { title: 'Changed', body: 'x' }), (e) => codeOf(e) === 'dpa_version_published' && (e as AppError).status === 409);
    await assert.rejects(deleteDpaDraft(deps, scope, v.id), (e) => codeOf(e) === 'dpa_version_published');
    await assert.rejects(publishDpaVersion(deps, scope, v.id), (e) => codeOf(e) === 'dpa_version_published');
    const row = await deps.db.selectFrom('dpa_versions').select(['title', 'body']).where('id', '=', v.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { title: 'Data Processing Agreement', body: TEMPLATE.trim() });
  });

  it('refuses to save a draft with an unknown placeholder and leaves it unchanged', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildDpaWorkspace(deps);
    const d = await createDpaDraft(deps, scope, { title: 'DPA', body: 'Hello {{customer.name}}' });
    await assert.rejects(updateDpaDraft(deps, scope, d.id, { title: 'DPA', body: 'Hello {{customer.nickname}}' }), (e) => (e as AppError).message.includes('{{customer.nickname}}'));
    assert.equal((await deps.db.selectFrom('dpa_versions').select('body').where('id', '=', d.id).executeTakeFirstOrThrow()).body, 'Hello {{customer.name}}');
  });
});

forEachDialect('a DPA rendered for one customer', (ctx) => {
  it('fills the placeholders and builds every annex from the registry, the records and the measures', async () => {
    const { deps } = ctx.db;
    const { scope, customer } = await buildDpaWorkspace(deps);
    const v = await publishDpa(deps, scope);
    const r = await renderDpaForCustomer(deps, scope.workspaceId, customer.id);
    assert.equal(r.version, 1);
    const h = r.html;
    assert.match(h, /This agreement binds Example Cloud SAS and CloudBlue Example \(France\)/);
    assert.match(h, /At most once every 24 months, with 30 days&#39; notice/, 'the customer\'s audit frequency, the catalogue\'s default notice');
    assert.match(h, new RegExp(`Version 1 of ${v.publishedAt!.slice(0, 10)}`));
    assert.match(h, /return the data, then delete every copy within 30 days/);
    // Annex I: both parties, each with its signature and date.
    assert.match(h, /<dt>Name<\/dt><dd>CloudBlue Example<\/dd><dt>Address<\/dt><dd>5 rue de la Paix, Paris, France<\/dd>/);
    assert.match(h, /<dt>Contact person&#39;s name, position and contact details<\/dt><dd>Jeanne Dupont, DPO<\/dd>/);
    assert.match(h, /<dt>Signature and date<\/dt><dd>Signed electronically on acceptance: the signer’s name, title and the date are recorded with this document’s SHA-256 in the acceptance ledger\.<\/dd>/);
    assert.match(h, /<dd>Example Cloud SAS<\/dd><dt>Address<\/dt><dd>1 place de la Gare, 67000 Strasbourg, France<\/dd>/);
    assert.match(h, /<dt>Data protection officer<\/dt><dd>dpo@example-cloud.test<\/dd>/);
    assert.match(h, new RegExp(`<dt>Signature and date</dt><dd>Signed electronically for Example Cloud SAS by Paul Durand, Managing director, on publication of version 1, ${v.publishedAt!.slice(0, 10)}\\.</dd>`));
    assert.match(h, /<dt>Competent supervisory authority<\/dt><dd>Commission nationale de l&#39;informatique et des libertés \(CNIL\) \(https:\/\/www.cnil.fr\)<\/dd>/);
    // Annex II: only the activity of the service the customer uses.
    assert.match(h, /Hosting applications/);
    assert.doesNotMatch(h, /Order handling/);
    assert.match(h, /<dt>Retention period<\/dt><dd>30 days after the end of the contract<\/dd>/);
    // Annex III, grouped under the SCC's categories, then the measures to assist the controller.
    assert.match(h, /Annex III: Technical and organisational measures, including measures to ensure the security of the data/);
    assert.match(h, /<strong>Badge access to premises<\/strong>: Only staff with a badge enter\./);
    assert.match(h, /<strong>TLS everywhere<\/strong>/);
    assert.match(h, /Measures to assist the controller/);
    // Annex IV: the sub-processors of Connect and of every service, not Commerce's, with neutral transfer facts.
    const annex4 = h.slice(h.indexOf('Annex IV'));
    assert.match(annex4, /<td>Hoster \(Hoster GmbH\)<\/td><td>Hauptstraße 1, Berlin, Germany<\/td><td>privacy@hoster.test<\/td><td>Hosting of Connect<\/td><td>Germany \(DE\)<\/td><td>Inside the EEA<\/td>/);
    assert.match(annex4, /<td>Ledger<\/td>/);
    assert.doesNotMatch(annex4, /Mailer/);
  });

  it('puts a customer\'s name in as text, never as markup', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildDpaWorkspace(deps);
    const evil = await buildCustomer(deps, scope, { name: '*Evil* [Corp](https://evil.test) <b>' });
    await publishDpa(deps, scope);
    const { html } = await renderDpaForCustomer(deps, scope.workspaceId, evil.id);
    assert.match(html, /binds Example Cloud SAS and \*Evil\* \[Corp\]\(https:\/\/evil.test\) &lt;b&gt;/);
    assert.doesNotMatch(html, /<em>Evil|href="https:\/\/evil/);
  });

  it('gives the same hash twice, and another when the customer changes', async () => {
    const { deps } = ctx.db;
    const { scope, customer } = await buildDpaWorkspace(deps);
    await publishDpa(deps, scope);
    const a = await renderDpaForCustomer(deps, scope.workspaceId, customer.id);
    const b = await renderDpaForCustomer(deps, scope.workspaceId, customer.id);
    assert.equal(a.sha256, b.sha256);
    assert.equal(a.html, b.html);
    await updateCustomer(deps, scope, customer.id, { name: customer.name, country: 'FR', services: ['connect'], address: 'New address', contacts: [{ email: 'dpo@cloudblue.test' }] });
    assert.notEqual((await renderDpaForCustomer(deps, scope.workspaceId, customer.id)).sha256, a.sha256);
  });

  it('writes a PDF whose text carries the annexes and the document hash, identical bytes each time', async () => {
    const { deps } = ctx.db;
    const { scope, customer } = await buildDpaWorkspace(deps);
    await publishDpa(deps, scope);
    const r = await renderDpaForCustomer(deps, scope.workspaceId, customer.id);
    const bytes = await renderDocumentPdf(r.document);
    assert.ok(bytes.equals(await renderDocumentPdf((await renderDpaForCustomer(deps, scope.workspaceId, customer.id)).document)));
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    const flat = text.replace(/\s+/g, ' ');
    for (const s of ['Data Processing Agreement', 'Annex I: List of parties', 'Annex II', 'Annex III', 'Annex IV', 'Hosting of Connect', 'Invoicing', `Document SHA-256: ${r.sha256}`]) assert.ok(flat.includes(s), `${s} in ${flat.slice(-400)}`);
    assert.ok(!flat.includes('Mailer'));
  });

  it('refuses to render a draft for a customer and says when nothing is published', async () => {
    const { deps } = ctx.db;
    const { scope, customer } = await buildDpaWorkspace(deps);
    await assert.rejects(renderDpaForCustomer(deps, scope.workspaceId, customer.id), (e) => codeOf(e) === 'not_found');
    const d = await createDpaDraft(deps, scope);
    await assert.rejects(renderDpaForCustomer(deps, scope.workspaceId, customer.id, { versionId: d.id }), (e) => codeOf(e) === 'dpa_version_not_published');
  });
});
