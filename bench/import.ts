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
import * as cheerio from 'cheerio';
import { largeCsv, largeHtml, largeMarkdown, MB } from '../src/modules/import/fixtures/large-documents.ts';
import { importList } from '../src/modules/import/import-list.ts';
import type { SourceFormat } from '../src/modules/import/parse/detect-format.ts';

const ROUNDS = 5;
/** The options parse-html.ts passes to cheerio.load (htmlparser2 backend). */
const HTMLPARSER2 = { xml: { xmlMode: false, decodeEntities: true } };
const SIZE = 5 * MB;

const bigHtml = () => largeHtml(SIZE);
const bigMarkdown = () => largeMarkdown(SIZE);
const bigCsv = () => largeCsv(SIZE);

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
