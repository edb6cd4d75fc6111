/** CSV with the delimiter guessed among , ; tab | — quoted fields may hold delimiters and new lines. */
import { cleanLines } from './clean-text.ts';
import { MAX_COLUMNS } from './blocks.ts';
import type { FlowItem } from './flow.ts';

const DELIMITERS = [',', ';', '\t', '|'];

/** The delimiter that splits the first lines most consistently (outside quotes). */
export function guessDelimiter(text: string): string {
  const sample = text.slice(0, 20_000).split(/\r?\n/).filter((l) => l.trim()).slice(0, 20);
  let best = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = sample.map((l) => l.replace(/"[^"]*"/g, '').split(d).length - 1);
    const first = counts[0] ?? 0;
    if (first === 0) continue;
    const consistent = counts.filter((c) => c === first).length;
    const score = consistent * 100 + first;
    if (score > bestScore) (best = d), (bestScore = score);
  }
  return best;
}

export function parseCsvRows(text: string, delimiter = guessDelimiter(text)): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\ufeff/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') cell += '"', i++;
        else quoted = false;
      } else cell += c;
    } else if (c === '"' && cell.trim() === '') (quoted = true), (cell = '');
    else if (c === delimiter) row.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      if (row.some((x) => x.trim())) rows.push(row);
      (row = []), (cell = '');
    } else cell += c;
  }
  row.push(cell);
  if (row.some((x) => x.trim())) rows.push(row);
  return rows;
}

export function parseCsv(text: string): FlowItem[] {
  const rows = parseCsvRows(text).map((r) => r.slice(0, MAX_COLUMNS).map(cleanLines));
  return rows.length ? [{ kind: 'table', rows, markedHeader: true }] : [];
}
