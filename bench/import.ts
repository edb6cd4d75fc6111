/**
 * import: throughput of `importList` on a 5 MB HTML page (the table rows of the 14-blend.html
 * fixture repeated inside that page's own shell, so scripts, banner and footer stay around it),
 * next to cheerio's bare parse of the same text (`cheerio.load(text)`, the ceiling), measured in
 * the same run and interleaved over ROUNDS rounds with the order rotated each round.
 * Since 336e249 parse-html.ts loads with cheerio's htmlparser2 backend, not the default parse5, so
 * that bare parse is reported too (`htmlparser2*`, information only): it is the part of
 * importList's time that is parsing. The markdown (5 MB table) and CSV (5 MB) throughput of
 * importList are reported for information, without a ceiling. MB here is 2^20 bytes.
 */
import { readFileSync } from 'node:fs';
import * as cheerio from 'cheerio';
import { importList } from '../src/modules/import/import-list.ts';
import type { SourceFormat } from '../src/modules/import/parse/detect-format.ts';

const ROUNDS = 5;
/** The options parse-html.ts passes to cheerio.load (htmlparser2 backend). */
const HTMLPARSER2 = { xml: { xmlMode: false, decodeEntities: true } };
const MB = 1 << 20;
const SIZE = 5 * MB;
const fixture = (name: string) => readFileSync(new URL(`../src/modules/import/fixtures/${name}`, import.meta.url), 'utf8');

/** `unit` repeated between `head` and `tail` until the document reaches `bytes`. */
function repeatInside(head: string, unit: string, tail: string, bytes: number) {
  const copies = Math.ceil((bytes - Buffer.byteLength(head + tail)) / Buffer.byteLength(unit));
  return { text: head + unit.repeat(copies) + tail, copies };
}

function bigHtml() {
  const page = fixture('14-blend.html');
  const start = page.indexOf('<tbody>') + '<tbody>'.length;
  const end = page.indexOf('</tbody>');
  const unit = page.slice(start, end);
  const { text, copies } = repeatInside(page.slice(0, start), unit, page.slice(end), SIZE);
  return { text, rows: copies * unit.match(/<tr\b/g)!.length };
}

function bigMarkdown() {
  const lines = fixture('09-zed.md').split('\n');
  const sep = lines.findIndex((l) => /^\|\s*-{3,}/.test(l));
  let end = sep + 1;
  while (end < lines.length && lines[end].startsWith('|')) end++;
  const { text, copies } = repeatInside(`${lines.slice(0, sep + 1).join('\n')}\n`, `${lines.slice(sep + 1, end).join('\n')}\n`, lines.slice(end).join('\n'), SIZE);
  return { text, rows: copies * (end - sep - 1) };
}

function bigCsv() {
  const csv = fixture('20-vonq-2025.csv');
  const header = csv.slice(0, csv.indexOf('\n') + 1);
  const body = `${csv.slice(header.length).replace(/\s+$/, '')}\n`;
  const { text, copies } = repeatInside(header, body, '', SIZE);
  const perCopy = (JSON.parse(fixture('20-vonq-2025.expected.json')) as { records: unknown[] }).records.length;
  return { text, rows: copies * perCopy };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

function time(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/** Runs importList once and checks it read every generated row, so a fast wrong answer cannot pass as fast. */
function importChecked(text: string, format: SourceFormat, rows: number): number {
  const records = importList(text, { format }).rows.length;
  if (records !== rows) throw new Error(`import bench: ${format} gave ${records} records, expected ${rows}`);
  return records;
}

export async function benchImport() {
  const html = bigHtml();
  const bytes = Buffer.byteLength(html.text);
  const mbps = (ms: number, n: number) => round1(n / MB / (ms / 1000));

  const sides = {
    import: () => importChecked(html.text, 'html', html.rows),
    cheerio: () => cheerio.load(html.text),
    htmlparser2: () => cheerio.load(html.text, HTMLPARSER2),
  };
  type Side = keyof typeof sides;
  const names = Object.keys(sides) as Side[];
  // Warm every side up once (JIT, lazy module parts), then measure them in turn, rotating the order.
  const records = importChecked(html.text, 'html', html.rows);
  for (const name of names) sides[name]();
  const ms: Record<Side, number[]> = { import: [], cheerio: [], htmlparser2: [] };
  const ratioPerRound: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) ms[name].push(time(sides[name]));
    ratioPerRound.push(round3(ms.cheerio[round] / ms.import[round]));
  }

  const info = (build: () => { text: string; rows: number }, format: SourceFormat) => {
    const doc = build();
    const n = Buffer.byteLength(doc.text);
    importChecked(doc.text, format, doc.rows);
    const runs = Array.from({ length: ROUNDS }, () => time(() => importChecked(doc.text, format, doc.rows)));
    return { bytes: n, records: doc.rows, msMedian: round1(median(runs)), MBps: mbps(median(runs), n) };
  };

  const importMsMedian = median(ms.import);
  const cheerioMsMedian = median(ms.cheerio);
  const htmlparser2MsMedian = median(ms.htmlparser2);
  return {
    bench: 'import',
    source: 'src/modules/import/fixtures/14-blend.html, tbody rows repeated to 5 MB',
    bytes,
    records,
    rounds: ROUNDS,
    importMsMedian: round1(importMsMedian),
    importMBps: mbps(importMsMedian, bytes),
    cheerioMsMedian: round1(cheerioMsMedian),
    cheerioMBps: mbps(cheerioMsMedian, bytes),
    ratio: round3(cheerioMsMedian / importMsMedian),
    ratioPerRound,
    htmlparser2MsMedian: round1(htmlparser2MsMedian),
    htmlparser2MBps: mbps(htmlparser2MsMedian, bytes),
    markdown: { source: '09-zed.md table rows repeated to 5 MB', ...info(bigMarkdown, 'markdown') },
    csv: { source: '20-vonq-2025.csv data rows repeated to 5 MB', ...info(bigCsv, 'csv') },
  };
}
