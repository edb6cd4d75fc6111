import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { it } from 'node:test';
import { extractText, getDocumentProxy } from 'unpdf';
import type { DocumentModel } from './document.ts';
import { documentText } from './document-text.ts';
import { markdownToBlocks } from './markdown-to-blocks.ts';
import { pdfContentText, withoutSpaces } from './pdf.test-helpers.ts';
import { fontRuns } from './pdf-fonts.ts';
import { renderDocumentHtml } from './render-document-html.ts';
import { renderDocumentPdf } from './render-document-pdf.ts';

const run = promisify(execFile);

/** A document long enough that its table crosses onto a second page. */
function longDocument(): DocumentModel {
  const rows = Array.from({ length: 60 }, (_, i) => [`Sub-processor ${i + 1}`, `Hosting and storage of customer data, row ${i + 1}, with a long description that wraps`, i === 45 ? 'Cell on page two' : 'FR, DE']);
  return {
    title: 'Data Processing Agreement',
    subtitle: 'Version 2, for Acme <SA> & Co',
    language: 'en',
    blocks: [
      { kind: 'heading', level: 1, text: 'Scope of processing' },
      { kind: 'paragraph', spans: [{ text: 'The ' }, { text: 'processor', bold: true }, { text: ' acts on ' }, { text: 'documented', italic: true }, { text: ' instructions; see ' }, { text: 'the policy', href: 'https://example.test/policy' }, { text: '.' }] },
      { kind: 'list', ordered: true, items: [[{ text: 'First obligation' }], [{ text: 'Second obligation' }]] },
      { kind: 'fields', rows: [['Name', 'Example SAS'], ['Contact', 'dpo@example.test']] },
      { kind: 'heading', level: 2, text: 'Annex III: sub-processors' },
      { kind: 'table', caption: 'Authorised sub-processors', columns: ['Name', 'Purpose', 'Locations'], rows },
    ],
    footer: 'Document SHA-256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  };
}

it('renders a document as an escaped, accessible article', () => {
  const out = renderDocumentHtml(longDocument()).value;
  assert.match(out, /^<article class="document" lang="en">/);
  assert.match(out, /<h1>Data Processing Agreement<\/h1><p class="subtitle">Version 2, for Acme &lt;SA&gt; &amp; Co<\/p>/);
  assert.match(out, /<h2>Scope of processing<\/h2>/);
  assert.match(out, /<strong>processor<\/strong>.*<em>documented<\/em>.*<a href="https:\/\/example.test\/policy">the policy<\/a>/);
  assert.match(out, /<ol><li>First obligation<\/li><li>Second obligation<\/li><\/ol>/);
  assert.match(out, /<dl><dt>Name<\/dt><dd>Example SAS<\/dd>/);
  assert.match(out, /<table><caption>Authorised sub-processors<\/caption><thead><tr><th scope="col">Name<\/th>/);
  assert.equal(renderDocumentHtml(longDocument()).value, out, 'the same model gives the same string');
  assert.match(renderDocumentHtml(longDocument(), { topHeadingLevel: 2 }).value, /<h2>Data Processing Agreement<\/h2>.*<h3>Scope of processing<\/h3>/s);
});

it('drops links that are not http(s) or mailto', () => {
  const out = renderDocumentHtml({ title: 't', subtitle: null, language: 'en', footer: null, blocks: [{ kind: 'paragraph', spans: [{ text: 'x', href: 'javascript:alert(1)' }] }] }).value;
  assert.doesNotMatch(out, /javascript|<a /);
});

it('reads markdown headings, styled paragraphs, lists and tables into blocks, without raw HTML', () => {
  const blocks = markdownToBlocks('# Parties\n\nThe **processor** is *bound*, see [terms](https://t.test) and [local](/x).\n\n- one\n- two\n  - nested\n\n1. first\n\n| Name | Country |\n|---|---|\n| Acme | FR |\n\n<script>alert(1)</script>', { headingOffset: 1 });
  assert.deepEqual(blocks[0], { kind: 'heading', level: 2, text: 'Parties' });
  assert.deepEqual(blocks[1], { kind: 'paragraph', spans: [
    { text: 'The ' }, { text: 'processor', bold: true }, { text: ' is ' }, { text: 'bound', italic: true }, { text: ', see ' }, { text: 'terms', href: 'https://t.test' }, { text: ' and local.' },
  ] });
  assert.deepEqual(blocks[2], { kind: 'list', ordered: false, items: [[{ text: 'one' }], [{ text: 'two' }], [{ text: 'nested' }]] });
  assert.deepEqual(blocks[3], { kind: 'list', ordered: true, items: [[{ text: 'first' }]] });
  assert.deepEqual(blocks[4], { kind: 'table', caption: 'Parties', columns: ['Name', 'Country'], rows: [['Acme', 'FR']] });
  assert.deepEqual(blocks[5], { kind: 'paragraph', spans: [{ text: '<script>alert(1)</script>' }] }, 'raw HTML stays text');
});

it('writes a PDF whose text reads back, including a table cell from page 2 and the footer of each page', async () => {
  const bytes = await renderDocumentPdf(longDocument(), { date: new Date('2024-05-01T00:00:00Z') });
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { totalPages, text } = await extractText(pdf, { mergePages: false });
  assert.ok(totalPages >= 2, `expected at least 2 pages, got ${totalPages}`);
  assert.match(text[0], /Data Processing Agreement/);
  assert.match(text[0], /Scope of processing/);
  assert.match(text.join('\n'), /Annex III: sub-processors/);
  const page = text.findIndex((t) => t.includes('Cell on page two'));
  assert.ok(page >= 1, 'the cell is on page 2 or later');
  assert.match(text[page], /Name\s+Purpose\s+Locations/, 'the header row is repeated on the next page');
  text.forEach((t, i) => {
    assert.match(t, new RegExp(`Page ${i + 1} of ${totalPages}`));
    assert.match(t, /Document SHA-256: 0123456789abcdef/);
  });
});

it('writes identical bytes for identical input and date', async () => {
  const date = new Date('2024-05-01T00:00:00Z');
  const [a, b] = [await renderDocumentPdf(longDocument(), { date }), await renderDocumentPdf(longDocument(), { date })];
  assert.ok(a.equals(b));
  const c = await renderDocumentPdf(longDocument(), { date: new Date('2024-05-02T00:00:00Z') });
  assert.ok(!a.equals(c), 'the date is part of the file');
});

/** Names in the scripts a DPA meets: Polish, Greek, Russian, Japanese, Chinese. */
function multilingualDocument(): DocumentModel {
  return {
    title: 'Data Processing Agreement for Ελληνική Εταιρεία & <Co>',
    subtitle: 'Version 3, for Łódź Sp. z o.o.',
    language: 'en',
    author: 'Example Cloud SAS & Partners',
    subject: 'Data processing agreement between Example Cloud SAS and Ελληνική Εταιρεία',
    blocks: [
      { kind: 'heading', level: 1, text: 'Competent supervisory authority' },
      { kind: 'paragraph', spans: [{ text: 'The authority is the ' }, { text: 'Urząd Ochrony Danych Osobowych', bold: true }, { text: ' (Poland); the customer is in ' }, { text: 'Ελλάδα', italic: true }, { text: '.' }] },
      { kind: 'list', ordered: false, items: [[{ text: 'Data centre in Москва' }], [{ text: 'Support office in 東京 (Tokyo) and 北京市' }]] },
      { kind: 'fields', rows: [['Address', 'Ул. Тверская 1, Москва'], ['Contact', 'Ζωή Παπαδοπούλου']] },
      { kind: 'table', caption: 'Locations', columns: ['City', 'Country'], rows: [['東京', 'Japan'], ['Αθήνα', 'Ελλάδα'], ['Kraków', 'Polska']] },
    ],
    footer: 'Document SHA-256: 0123',
  };
}

it('writes Latin Extended, Greek, Cyrillic and CJK text that reads back as written', async () => {
  const text = await pdfContentText(await renderDocumentPdf(multilingualDocument()));
  for (const s of ['Urząd Ochrony Danych Osobowych', 'Ελλάδα', 'Москва', '東京', '北京市', 'Ζωή Παπαδοπούλου', 'Kraków', 'Łódź']) assert.ok(text.includes(s), `${s} in ${text}`);
});

it('splits text into font runs: the CJK fallback only for what the Latin font lacks', () => {
  assert.deepEqual(fontRuns('Tokyo (東京 港区) Ελλάδα', 'regular').map((r) => [r.text, r.font.name]), [
    ['Tokyo (', 'NotoSans-Regular'], ['東京 港区', 'NotoSansHans-Regular'], [') Ελλάδα', 'NotoSans-Regular'],
  ]);
  assert.equal(fontRuns('東京', 'boldItalic')[0].font.name, 'NotoSansHans-Bold');
});

it('has the document\'s text as its content text, and so does the HTML rendering', async () => {
  for (const doc of [multilingualDocument(), longDocument()]) {
    const expected = withoutSpaces(documentText(doc));
    assert.equal(withoutSpaces(await pdfContentText(await renderDocumentPdf(doc))), expected, 'PDF content (footers, page numbers, repeated headers and list labels are artifacts)');
    const htmlText = renderDocumentHtml({ ...doc, footer: null }).value.replace(/<[^>]+>/g, ' ')
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    assert.equal(withoutSpaces(htmlText), expected, 'HTML text');
  }
});

it('is a tagged PDF with a language, a structure tree and metadata, and the same bytes for the same input', async () => {
  const date = new Date('2026-12-03T10:00:00Z');
  const bytes = await renderDocumentPdf(multilingualDocument(), { date });
  const raw = bytes.toString('latin1');
  for (const marker of ['/StructTreeRoot', '/MarkInfo', '/Marked true', '/S /Document', '/S /H1', '/S /H2', '/S /P', '/S /L', '/S /LI', '/S /Lbl', '/S /Table', '/S /TH', '/S /TD', '/S /Caption', '/Scope /Column', '/Scope /Row', '/Lang (en)']) {
    assert.ok(raw.includes(marker), marker);
  }
  assert.match(raw, /^%PDF-1\.7/);
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  const { info, metadata } = await pdf.getMetadata() as unknown as { info: Record<string, string>; metadata: { get(k: string): string | null } | null };
  assert.deepEqual([info.Title, info.Author, info.Subject, info.CreationDate, info.ModDate], [
    'Data Processing Agreement for Ελληνική Εταιρεία & <Co>', 'Example Cloud SAS & Partners', 'Data processing agreement between Example Cloud SAS and Ελληνική Εταιρεία',
    'D:20261203100000Z', 'D:20261203100000Z',
  ]);
  assert.equal(metadata?.get('dc:title'), 'Data Processing Agreement for Ελληνική Εταιρεία & <Co>', 'the XMP copy is escaped XML that reads back');
  assert.ok(bytes.equals(await renderDocumentPdf(multilingualDocument(), { date })), 'identical bytes');
  assert.ok(!bytes.equals(await renderDocumentPdf({ ...multilingualDocument(), title: 'Another title' }, { date })));
});

it('renders every page of the PDF to an image with pdftoppm', async (t) => {
  try {
    await run('pdftoppm', ['-v']);
  } catch {
    // poppler-utils is a system package; CI installs it, a developer machine may not have it.
    if (process.env.CI === 'true') assert.fail('pdftoppm is required in CI');
    t.skip('pdftoppm (poppler-utils) is not installed');
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'trustroom-pdf-'));
  try {
    const bytes = await renderDocumentPdf(longDocument());
    await writeFile(join(dir, 'doc.pdf'), bytes);
    const { totalPages } = await extractText(await getDocumentProxy(new Uint8Array(bytes)));
    await run('pdftoppm', ['-png', '-r', '50', join(dir, 'doc.pdf'), join(dir, 'page')]);
    const pngs = (await readdir(dir)).filter((f) => f.endsWith('.png'));
    assert.equal(pngs.length, totalPages);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
