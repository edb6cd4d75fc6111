import assert from 'node:assert/strict';
import { it } from 'node:test';
import { getDocumentProxy } from 'unpdf';
import { buildCustomer, buildEngagement, buildEntity } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { documentText } from '../documents/document-text.ts';
import { pdfContentText, withoutSpaces } from '../documents/pdf.test-helpers.ts';
import { renderDocumentPdf } from '../documents/render-document-pdf.ts';
import { publishListVersion } from '../publishing/publish-list-version.ts';
import { asciiSlug, dpaFileName } from './dpa-file-name.ts';
import { renderDpaForCustomer } from './dpa-for-customer.ts';
import { buildDpaWorkspace, publishDpa } from './dpa.test-helpers.ts';

/** The text of the canonical HTML, as a reader of it gets it. */
const htmlText = (html: string) => html.replace(/<[^>]+>/g, ' ')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

it('names the PDF after the version and the customer, in ASCII', () => {
  assert.equal(dpaFileName(3, 'Acme GmbH'), 'DPA-v3-acme-gmbh.pdf');
  assert.equal(dpaFileName(1, 'Łódź Müller & Søn Sp. z o.o.'), 'DPA-v1-lodz-muller-son-sp-z-o-o.pdf');
  assert.equal(dpaFileName(2, '東京株式会社'), 'DPA-v2-customer.pdf');
  assert.equal(asciiSlug('Straße — “Groß” AG'), 'strasse-gross-ag');
});

forEachDialect('a DPA as PDF', (ctx) => {
  it('prints Polish, Greek, Cyrillic and Japanese as written; its text is the text that was hashed; tagged, with metadata; the same bytes twice', async () => {
    const { deps } = ctx.db;
    const { scope, services } = await buildDpaWorkspace(deps);
    const moscow = await buildEntity(deps, scope, { name: 'Яндекс Облако', country: 'RU', address: 'ул. Льва Толстого 16, Москва' });
    const tokyo = await buildEntity(deps, scope, { name: 'Sakura Hosting KK', country: 'JP', address: '東京都港区 1-2-3' });
    await buildEngagement(deps, scope, { entityId: moscow.id, purpose: 'Backups', services: [services.connect.slug], countries: ['RU'], transferMechanisms: ['scc-2021'] });
    await buildEngagement(deps, scope, { entityId: tokyo.id, purpose: 'Support in Asia', services: [services.connect.slug], countries: ['JP'] });
    await publishListVersion(deps, scope, {});
    const customer = await buildCustomer(deps, scope, {
      name: 'Εταιρεία Πολωνίας Sp. z o.o.', country: 'PL', services: [services.connect.slug], address: 'Οδός Αθηνάς 1, Αθήνα, Ελλάδα',
    });
    await publishDpa(deps, scope);
    const r = await renderDpaForCustomer(deps, scope.workspaceId, customer.id);
    assert.equal(r.fileName, 'DPA-v1-sp-z-o-o.pdf');
    const bytes = await renderDocumentPdf(r.document);
    const text = await pdfContentText(bytes);
    for (const s of ['Urząd Ochrony Danych Osobowych', 'Ελλάδα', 'Москва', '東京', 'Εταιρεία Πολωνίας']) assert.ok(text.includes(s), `${s} in the PDF's text`);
    // What the signer accepts is the HTML's SHA-256: the PDF says the same text, and so does the HTML.
    const expected = withoutSpaces(documentText(r.document));
    assert.equal(withoutSpaces(text), expected);
    assert.equal(withoutSpaces(htmlText(r.html)), expected);

    const raw = bytes.toString('latin1');
    for (const marker of ['/StructTreeRoot', '/MarkInfo', '/S /Document', '/S /Table', '/Lang (en)']) assert.ok(raw.includes(marker), marker);
    const { info } = await (await getDocumentProxy(new Uint8Array(bytes))).getMetadata() as unknown as { info: Record<string, string> };
    assert.deepEqual([info.Title, info.Author, info.Subject], [
      'Data Processing Agreement', 'Example Cloud SAS', 'Data processing agreement between Example Cloud SAS (processor) and Εταιρεία Πολωνίας Sp. z o.o. (controller), version 1',
    ]);
    assert.equal(info.CreationDate, `D:${r.publishedAt.slice(0, 19).replace(/[-:T]/g, '')}Z`, 'dated by the publication, never the clock');
    const again = await renderDpaForCustomer(deps, scope.workspaceId, customer.id);
    assert.ok(bytes.equals(await renderDocumentPdf(again.document)), 'identical bytes');
  });
});
