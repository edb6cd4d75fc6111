import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { presentImport } from './import.ts';
import { importList } from './import-list.ts';
import { measureFolder } from './measure-accuracy.ts';

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');
const pick = (text: string, opts = {}) => importList(text, opts).rows.map((r) => ({ name: r.name, purpose: r.purpose, countries: r.countries, regions: r.regions, section: r.section }));

describe('importing a list', () => {
  it('reads the 16 rows of the CloudBlue seed with their countries, and prints exactly the contract keys', () => {
    const result = importList(fixture('seeds/003-cloudblue.txt'));
    const printed = presentImport(result);
    assert.equal(printed.records.length, 16);
    assert.deepEqual(Object.keys(printed.records[0]), ['name', 'purpose', 'countries', 'regions', 'section', 'location', 'kind', 'services']);
    assert.deepEqual(Object.keys(printed), ['records', 'warnings']);
    const ingram = printed.records[3];
    assert.equal(ingram.name, 'Ingram Micro Inc.');
    assert.deepEqual(ingram.countries, ['US', 'CA']);
    assert.equal(ingram.location, 'USA, Canada');
    assert.equal(ingram.kind, 'affiliate');
    assert.deepEqual(ingram.services, ['Commerce']);
    assert.deepEqual(printed.records[9].countries, ['NL', 'US', 'AU', 'SG']);
    assert.equal(printed.records[10].kind, 'third_party');
    assert.ok(printed.warnings.some((w) => w.row === 7 && /duplicate entity 'Ingram Micro Inc\.'/.test(w.message)));
  });

  it('reaches at least 95 % per field (name, purpose, countries) on the real-list fixtures', () => {
    const { totals, fixtures } = measureFolder(new URL('./fixtures', import.meta.url).pathname);
    assert.ok(fixtures.length >= 15, `${fixtures.length} fixtures`);
    for (const field of ['name', 'purpose', 'countries'] as const) assert.ok(totals[field] >= 0.95, `${field}: ${(100 * totals[field]).toFixed(1)} %`);
  });

  it('finds the header of a markdown table in its first body row', () => {
    const md = '|  |  |  |\n|---|---|---|\n| **Vendor** | **Function** | **Country** |\n| Stripe | Payments | Ireland |\n| Postmark | E-mail delivery | USA |\n';
    assert.deepEqual(pick(md), [
      { name: 'Stripe', purpose: 'Payments', countries: ['IE'], regions: [], section: null },
      { name: 'Postmark', purpose: 'E-mail delivery', countries: ['US'], regions: [], section: null },
    ]);
  });

  it('reads bullet lists with a bold name, the purpose after it or on the next line, under their heading', () => {
    const md = '# Sub-processors\n\n## Infrastructure\n\n- **Hetzner Online GmbH** – Hosting in Falkenstein, Germany (Location: Germany)\n- **Bunny.net**\n  CDN and DNS. Location: Slovenia\n';
    const rows = importList(md).rows;
    assert.deepEqual(rows.map((r) => [r.name, r.countries, r.section, r.kind]), [
      ['Hetzner Online GmbH', ['DE'], 'Infrastructure', 'infrastructure'],
      ['Bunny.net', ['SI'], 'Infrastructure', 'infrastructure'],
    ]);
    assert.equal(rows[1].purpose, 'CDN and DNS.', 'the labelled location leaves the purpose');
  });

  it('reads one heading per vendor followed by a paragraph', () => {
    const md = '# Our subprocessors\n\n### Cloudflare\n\nContent delivery and DDoS protection. Location: United States.\n\n### Mailgun\n\nTransactional e-mail. Location: EU.\n';
    assert.deepEqual(pick(md).map((r) => [r.name, r.countries, r.regions]), [['Cloudflare', ['US'], []], ['Mailgun', [], ['EU']]]);
  });

  it('reads HTML tables with cells holding paragraphs, line breaks and links, and ignores navigation and footers', () => {
    const page = `<html><body><nav><ul><li><a href="/">Home</a> - start</li><li><a href="/p">Pricing</a> - plans</li></ul></nav>
      <main><h1>Sub-processors</h1><table><tr><th>Company</th><th>Service</th><th>Location</th></tr>
      <tr><td><a href="https://aws.amazon.com">Amazon Web Services</a><br><small>Amazon Web Services EMEA SARL</small></td><td><p>Hosting</p><p>and backups</p></td><td>eu-central-1</td></tr>
      <tr><td>Intercom&nbsp;Inc.</td><td>Support chat</td><td>U.S.</td></tr></table></main>
      <footer><ul><li>Terms - legal</li><li>Privacy - policy</li></ul></footer></body></html>`;
    assert.deepEqual(pick(page), [
      { name: 'Amazon Web Services', purpose: 'Hosting and backups', countries: ['DE'], regions: [], section: 'Sub-processors' },
      { name: 'Intercom Inc.', purpose: 'Support chat', countries: ['US'], regions: [], section: 'Sub-processors' },
    ]);
  });

  it('reads raw HTML tables under markdown headings, a one-line table with width attributes too, and skips front matter and template tags', () => {
    const md = [
      '---', 'layout: page', 'title: Vendors', '---', '{% include nav.html %}', '# Subprocessors', '', '## Hosting', '',
      '<table width="100%">', '  <tr><th width="30%">Subprocessor</th><th>Purpose</th><th>Location</th></tr>',
      '  <tr><td>Hetzner Online GmbH</td><td>Servers</td><td>Germany</td></tr>', '</table>', '{: .table}', '',
      '## Mail', '',
      '<table width="100%"><tr><td width="30%"><b>Subprocessor</b></td><td><b>Purpose</b></td><td><b>Location</b></td></tr><tr><td>Postmark</td><td>E-mail<br>delivery</td><td>USA</td></tr></table>',
    ].join('\n');
    assert.deepEqual(pick(md, { name: 'subprocessors.md' }), [
      { name: 'Hetzner Online GmbH', purpose: 'Servers', countries: ['DE'], regions: [], section: 'Hosting' },
      { name: 'Postmark', purpose: 'E-mail delivery', countries: ['US'], regions: [], section: 'Mail' },
    ]);
  });

  it('reads a markdown table inside a wrapper <div markdown="1"> and HTML headings with paragraphs written in markdown', () => {
    const md = '<div class="table-wrapper" markdown="1">\n\n| Vendor | Purpose | Country |\n|---|---|---|\n| Sentry | Errors | USA |\n\n</div>\n\n## Other vendors\n\n<h3>Brevo SAS</h3>\n<p>Newsletters. Location: France.</p>\n\n<h3>Crisp IM SAS</h3>\n<p>Live chat. Location: France.</p>\n';
    assert.deepEqual(pick(md, { name: 'x.md' }).map((r) => [r.name, r.purpose, r.countries]), [
      ['Sentry', 'Errors', ['US']], ['Brevo SAS', 'Newsletters.', ['FR']], ['Crisp IM SAS', 'Live chat.', ['FR']],
    ]);
  });

  it('reads one HTML heading per vendor with its paragraph and a list of links whose items are left unclosed, the country from a labelled line', () => {
    const page = `<h1>Service providers</h1>
      <h2>Brevo SAS</h2><p>Newsletter e-mail.</p><ul><li>Country: France<li><a href="https://brevo.com">Website</a><li><a href="/p">Privacy policy</a></ul>
      <h2>Stripe</h2><p>Payments. Location: Ireland.</p><ul><li><a href="https://stripe.com">Website</a></ul>
      <h2>Questions</h2><p>Write to us.</p>`;
    assert.deepEqual(pick(page, { format: 'html' }), [
      { name: 'Brevo SAS', purpose: 'Newsletter e-mail.', countries: ['FR'], regions: [], section: 'Service providers' },
      { name: 'Stripe', purpose: 'Payments.', countries: ['IE'], regions: [], section: 'Service providers' },
    ]);
  });

  it('reads one heading per vendor followed only by a list of labelled facts and links', () => {
    const page = '<h1>Subprocessors</h1><h3>Hetzner Online GmbH</h3><ul><li>Purpose: Hosting<li>Location: Germany<li><a href="https://hetzner.com">Website</a></ul><h3>Brevo SAS</h3><ul><li>Purpose: Newsletters<li>Country: France</ul><h3>Resources</h3><ul><li><a href="/dpa">Our DPA</a></ul>';
    assert.deepEqual(pick(page, { format: 'html' }).map((r) => [r.name, r.purpose, r.countries]), [['Hetzner Online GmbH', 'Hosting', ['DE']], ['Brevo SAS', 'Newsletters', ['FR']]]);
  });

  it('still reads a heading followed by a list of described vendors as a section, not as one vendor', () => {
    const page = '<h2>Infrastructure</h2><p>We use these providers.</p><ul><li><strong>AWS</strong> - hosting in Ireland</li><li><strong>Cloudflare</strong> - CDN</li></ul><h2>Support</h2><p>Our helpdesk.</p><ul><li><strong>Zendesk</strong> - tickets</li><li><strong>Slack</strong> - chat</li></ul>';
    assert.deepEqual(pick(page, { format: 'html' }).map((r) => [r.name, r.section]), [['AWS', 'Infrastructure'], ['Cloudflare', 'Infrastructure'], ['Zendesk', 'Support'], ['Slack', 'Support']]);
  });

  it('reads HTML lists of "Name - Purpose" items', () => {
    const page = '<h2>Third-party sub-processors</h2><ul><li>Sentry - Error monitoring</li><li><strong>Slack</strong>: internal communication</li></ul>';
    assert.deepEqual(pick(page, { format: 'html' }).map((r) => [r.name, r.purpose]), [['Sentry', 'Error monitoring'], ['Slack', 'internal communication']]);
  });

  it('reads CSV with semicolons, quoted fields holding the delimiter and new lines', () => {
    const csv = 'Vendor;Purpose;Country\n"Acme; Inc.";"Hosting\nand storage";"Germany, France"\nBeta Ltd;Support;UK\n';
    assert.deepEqual(pick(csv, { name: 'list.csv' }).map((r) => [r.name, r.purpose, r.countries]), [
      ['Acme; Inc.', 'Hosting and storage', ['DE', 'FR']],
      ['Beta Ltd', 'Support', ['GB']],
    ]);
  });

  it('marks global and unknown locations with a warning and EU as a region', () => {
    const md = '| Sub-processor | Purpose | Location |\n|---|---|---|\n| A | x | Global |\n| B | y | Atlantis |\n| C | z | EEA |\n| D |  | US |\n';
    const r = importList(md);
    assert.deepEqual(r.rows.map((x) => [x.countries, x.regions]), [[[], []], [[], []], [[], ['EU']], [['US'], []]]);
    assert.deepEqual(r.warnings.map((w) => w.row), [1, 2, 4]);
    assert.match(r.warnings[2].message, /empty purpose/);
  });

  it('refuses an empty document and one without any list, naming the source', () => {
    assert.throws(() => importList('   '), { code: 'source_empty', status: 400 });
    assert.throws(() => importList('Just a sentence about nothing in particular.'), { code: 'source_no_records', status: 400, message: /^source: / });
    assert.throws(() => importList('{"hello": 1}', { name: 'x.json' }), { code: 'source_unsupported' });
    assert.throws(() => importList('{"hello": ', { name: 'x.json' }), { code: 'source_unreadable' });
  });
});

it('refuses a Trustroom export whose engagements are malformed, and reads wrong-typed lists as empty', () => {
  const base = { format: 'trustroom.registry/1' };
  assert.throws(() => importList(JSON.stringify({ ...base, engagements: 'nope' }), { name: 'x.json' }), { code: 'source_unreadable' });
  const rows = importList(JSON.stringify({ ...base, engagements: [{ entityName: 'A', purpose: 'p', countries: 'DE' }] }), { name: 'x.json' }).rows;
  assert.deepEqual(rows[0].countries, []);
});
