import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { itemFixture, listVersionFixture, workspaceFixture } from './fixtures.test-helpers.ts';
import { presentPublicList } from './public-list.ts';
import { csvCell, renderCsv } from './render-csv.ts';

const HEADER = 'name,legal_name,role,kind,context,purpose,services,regions,countries,data_categories,transfer_mechanisms,current_as_of,version,data_category_names';

const csvOf = (items = listVersionFixture().snapshot.items) => {
  const version = listVersionFixture();
  version.snapshot.items = items;
  return renderCsv(presentPublicList(workspaceFixture(), version));
};

/** Rows of a CSV whose quoted fields hold no line breaks (true of the fixture). */
const lines = (csv: string) => csv.slice(1).split('\r\n');

describe('renderCsv', () => {
  it('starts with a UTF-8 byte order mark followed by the header row', () => {
    const csv = csvOf();
    assert.equal(csv.charCodeAt(0), 0xfeff);
    assert.equal(Buffer.from(csv, 'utf8').subarray(0, 3).toString('hex'), 'efbbbf');
    assert.equal(lines(csv)[0], HEADER);
  });

  it('ends every line with CRLF and has no bare LF', () => {
    const csv = csvOf();
    assert.ok(csv.endsWith('\r\n'));
    assert.equal(csv.replace(/\r\n/g, '').includes('\n'), false);
    assert.equal(lines(csv).length, 1 + 3 + 1, 'header, three rows, and the empty string after the final CRLF');
  });

  it('writes one row per engagement with lists joined by "; " and the version on every row', () => {
    const [, aws, gmbh] = lines(csvOf());
    assert.equal(aws, 'Amazon Web Services,Amazon Web Services EMEA SARL,subprocessor,infrastructure,processor,Cloud hosting,Acme App; Acme Analytics,eu,DE; IE,user.contact.email; user.account,none,2025-03-01,3,User Contact Email; Account Information');
    assert.equal(gmbh, 'Acme GmbH,,subcontractor,affiliate,processor,Second-line support,Acme App,eu; us,DE,user.contact,none,2025-03-01,3,Contact Data');
  });

  it('quotes fields holding a comma or a quote, doubling the quotes', () => {
    const [, , , zendesk] = lines(csvOf());
    assert.equal(zendesk, 'Zendesk,"Zendesk, Inc.",subprocessor,third_party,controller,"Customer ""tickets""",,us,US,user.contact.email,dpf; scc-2021; privacy-shield,2025-03-01,3,User Contact Email');
  });

  it('quotes fields holding line breaks so a record can span lines', () => {
    const csv = csvOf([itemFixture({ name: 'Multi', purpose: 'line one\r\nline two\nline three' })]);
    assert.ok(csv.includes(',"line one\r\nline two\nline three",'));
  });

  it('neutralises cells that a spreadsheet would read as formulas with a leading apostrophe', () => {
    const csv = csvOf([
      itemFixture({ name: '=HYPERLINK("http://evil.test","click")' }),
      itemFixture({ name: '+1' }),
      itemFixture({ name: '-2' }),
      itemFixture({ name: '@SUM(A1:A2)' }),
      itemFixture({ name: '\tTabbed' }),
      itemFixture({ name: 'Safe', purpose: '=1+1' }),
    ]);
    const rows = lines(csv).slice(1, -1);
    assert.ok(rows[0].startsWith(`"'=HYPERLINK(""http://evil.test"",""click"")",`));
    assert.ok(rows[1].startsWith("'+1,"));
    assert.ok(rows[2].startsWith("'-2,"));
    assert.ok(rows[3].startsWith("'@SUM(A1:A2),"));
    assert.ok(rows[4].startsWith("'\tTabbed,"));
    assert.ok(rows[5].includes(",'=1+1,"));
  });

  it('guards a list cell by its first character too', () => {
    const csv = csvOf([itemFixture({ name: 'Listy', dataCategories: ['-x', 'user'] })]);
    assert.ok(lines(csv)[1].includes(",'-x; user,"));
  });

  it('leaves ordinary text, hyphens inside values and non-ASCII names as they are', () => {
    const row = lines(csvOf([itemFixture({ name: 'Société Générale – Zürich', purpose: 'Pay-roll' })]))[1];
    assert.ok(row.startsWith('Société Générale – Zürich,,'));
    assert.ok(row.includes(',Pay-roll,'));
  });

  it('writes only the header for an empty list', () => {
    assert.equal(csvOf([]), `\uFEFF${HEADER}\r\n`);
  });
});

describe('csvCell', () => {
  it('prefixes a carriage-return start and then quotes the cell', () => {
    assert.equal(csvCell('\rx'), `"'\rx"`);
  });

  it('returns an empty string for an empty value', () => {
    assert.equal(csvCell(''), '');
  });
});
