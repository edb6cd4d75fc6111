import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { buildAccessPackage } from './build-access-package.ts';
import { ALICE_EMAIL, sampleResult, shopDatasets } from './package.test-helpers.ts';

const producedAt = new Date('2026-12-04T10:30:00Z');
const meta = { reference: 'R-7KQ2', controllerName: 'Acme Cloud GmbH', producedAt, regime: 'gdpr', datasets: shopDatasets() };

/** A CSV parser per RFC 4180 (quoted fields, doubled quotes, CRLF), independent of the writer. */
function parseCsv(text: string): string[][] {
  assert.ok(text.startsWith('\uFEFF'), 'starts with a byte order mark');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.slice(1);
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') (field += '"', i++);
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') (row.push(field), (field = ''));
    else if (ch === '\r' && s[i + 1] === '\n') (row.push(field), rows.push(row), (row = []), (field = ''), i++);
    else field += ch;
  }
  assert.equal(field + row.join(''), '', 'ends with CRLF');
  return rows;
}

/** Keeps a byte order mark (TextDecoder would drop it). */
const strFromU8 = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const open = (zip: Buffer) => unzipSync(new Uint8Array(zip));

describe('access package zip', () => {
  it('holds summary.html, manifest.json and one CSV and one JSON file per collection with exactly the rows given', () => {
    const result = sampleResult();
    const files = open(buildAccessPackage(result, meta).zip);
    assert.deepEqual(Object.keys(files), [
      'summary.html', 'data/shop.customers.csv', 'data/shop.customers.json', 'data/shop.addresses.csv', 'data/shop.addresses.json',
      'data/shop.order_items.csv', 'data/shop.order_items.json', 'data/shop.cards.csv', 'data/shop.cards.json', 'manifest.json',
    ]);
    for (const [key, rows] of Object.entries(result.collections)) {
      const stem = `data/${key.replace(':', '.')}`;
      assert.deepEqual(JSON.parse(strFromU8(files[`${stem}.json`])), { collection: key, rows });
      const csv = parseCsv(strFromU8(files[`${stem}.csv`]));
      const columns = shopDatasets()[0].collections.find((c) => `shop:${c.name}` === key)!.fields.map((f) => f.name);
      assert.deepEqual(csv[0], columns, `${key}: header row in dataset order`);
      assert.equal(csv.length - 1, rows.length, `${key}: one line per row`);
      csv.slice(1).forEach((line, i) => {
        const r = rows[i] as Record<string, unknown>;
        assert.deepEqual(line, columns.map((c) => (r[c] === null || r[c] === undefined ? '' : typeof r[c] === 'string' ? String(r[c]).replace(/^([=+\-@])/, "'$1") : String(r[c]))));
      });
    }
  });

  it('quotes commas, quotes and line breaks, and makes text starting with = + - @ inert in spreadsheets', () => {
    const files = open(buildAccessPackage({ collections: { 'x:t': [{ a: '=1+2', b: '+33 1', c: '-cmd', d: '@SUM(A1)', e: -5, f: 'a,"b"\r\nc', g: { k: 1 }, h: true }] } }, { ...meta, datasets: [] }).zip);
    const text = strFromU8(files['data/x.t.csv']);
    assert.equal(text, '\uFEFFa,b,c,d,e,f,g,h\r\n\'=1+2,\'+33 1,\'-cmd,\'@SUM(A1),-5,"a,""b""\r\nc","{""k"":1}",true\r\n');
    assert.deepEqual(parseCsv(text)[1], ["'=1+2", "'+33 1", "'-cmd", "'@SUM(A1)", '-5', 'a,"b"\r\nc', '{"k":1}', 'true']);
  });

  it('writes a summary a person can read: reference, controller, date, a captioned table per collection, its data categories in words and the rights', () => {
    const page = strFromU8(open(buildAccessPackage(sampleResult(), meta).zip)['summary.html']);
    assert.match(page, /^<!doctype html>\n<html lang="en">/);
    assert.match(page, /<h1>Your personal data held by Acme Cloud GmbH<\/h1>/);
    assert.match(page, /request <strong>R-7KQ2<\/strong>\. Acme Cloud GmbH produced it on 2026-12-04 10:30 UTC/);
    assert.match(page, /<caption id="c1-caption">Customers \(Shop\): 1 row<\/caption>/);
    assert.match(page, /<caption id="c2-caption">Addresses \(Shop\): 2 rows<\/caption>/);
    assert.match(page, /What this holds: Unique ID, User Contact Email, Name, User Contact Phone Number, Operations Data\./);
    assert.match(page, /<h3 id="c4-title">Cards \(Shop\)<\/h3>\n<p>What this holds: [^<]*\.<\/p>\n<p>Nothing about you was found here: <code>data\/shop\.cards\.csv<\/code> and <code>data\/shop\.cards\.json<\/code> hold no rows\.<\/p>/);
    assert.match(page, new RegExp(`<td>${ALICE_EMAIL.replace(/\./g, '\\.')}</td>`));
    assert.match(page, /<td>1 rue de la Paix, bât\. &quot;B&quot;<\/td>/, 'values are escaped');
    assert.match(page, /<td>=HYPERLINK\(&quot;http:\/\/evil\.example&quot;,&quot;click&quot;\)<\/td>/);
    assert.match(page, /<li>Ask for your data to be erased \(Art 17 GDPR\)\.<\/li>/);
    assert.match(page, /Complain to a data protection supervisory authority/);
    assert.doesNotMatch(page, /<script/);
  });

  it('lists every other file in manifest.json with its size and SHA-256', () => {
    const pkg = buildAccessPackage(sampleResult(), meta);
    const files = open(pkg.zip);
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    assert.deepEqual(manifest, pkg.manifest);
    assert.deepEqual(manifest.files.map((f: { name: string }) => f.name).sort(), Object.keys(files).filter((n) => n !== 'manifest.json').sort());
    for (const f of manifest.files) {
      assert.equal(f.size, files[f.name].length, f.name);
      assert.equal(f.sha256, createHash('sha256').update(files[f.name]).digest('hex'), f.name);
    }
    assert.deepEqual(manifest.files.find((f: { name: string }) => f.name === 'data/shop.addresses.csv')?.rows, 2);
    assert.equal(pkg.sha256, createHash('sha256').update(pkg.zip).digest('hex'));
    assert.equal(pkg.fileName, 'personal-data-R-7KQ2-2026-12-04.zip');
  });

  it('gives the same bytes for the same input, whatever the time zone of the process', () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'Pacific/Auckland';
      const a = buildAccessPackage(sampleResult(), meta).zip;
      process.env.TZ = 'America/Los_Angeles';
      const b = buildAccessPackage(sampleResult(), meta).zip;
      assert.ok(a.equals(b));
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('lists the rights of the request regime, and general ones for a regime without its own list', () => {
    const rights = (regime: string) => strFromU8(open(buildAccessPackage({ collections: {} }, { ...meta, regime }).zip)['summary.html']);
    assert.match(rights('ccpa'), /Opt out of the sale or sharing of your personal information/);
    assert.match(rights('unknown'), /Complain to the data protection authority of your country/);
    assert.match(rights('gdpr'), /No personal data about you was found\./);
  });
});
