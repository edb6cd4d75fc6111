/**
 * Per-field accuracy of the import on a folder of fixtures (`<name>.<md|html|csv|txt>` next to
 * `<name>.expected.json`). Each expected record is matched to a produced one by name; a field
 * counts as right when it is equal after trimming, squeezing spaces and dropping one final full
 * stop (names and purposes) or as a set (countries). Records produced that match nothing count
 * against every field, so over-reading a page costs as much as missing a row.
 * Usage: node src/modules/import/measure-accuracy.ts [folder] [--verbose]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importList } from './import-list.ts';

export interface Expected {
  records: Array<{ name: string; purpose: string; countries: string[]; regions?: string[]; section?: string | null }>;
}

export interface FixtureScore {
  fixture: string;
  expected: number;
  produced: number;
  name: number;
  purpose: number;
  countries: number;
  misses: string[];
}

const norm = (s: string | null | undefined) => (s ?? '').normalize('NFC').replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ').trim().replace(/\.$/, '').toLowerCase();
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

export function scoreFixture(fixture: string, text: string, expected: Expected): FixtureScore {
  let produced: ReturnType<typeof importList>['rows'] = [];
  try {
    produced = importList(text, { name: fixture }).rows;
  } catch {
    produced = [];
  }
  const used = new Set<number>();
  const score = { name: 0, purpose: 0, countries: 0 };
  const misses: string[] = [];
  for (const exp of expected.records) {
    let idx = produced.findIndex((p, i) => !used.has(i) && norm(p.name) === norm(exp.name));
    if (idx === -1) idx = produced.findIndex((p, i) => !used.has(i) && (norm(p.name).includes(norm(exp.name)) || norm(exp.name).includes(norm(p.name))) && norm(p.name).length > 1);
    if (idx === -1) {
      misses.push(`missing: ${exp.name}`);
      continue;
    }
    used.add(idx);
    const p = produced[idx];
    if (norm(p.name) === norm(exp.name)) score.name++;
    else misses.push(`name: '${p.name}' ≠ '${exp.name}'`);
    if (norm(p.purpose) === norm(exp.purpose)) score.purpose++;
    else misses.push(`purpose of ${exp.name}: '${p.purpose.slice(0, 90)}' ≠ '${exp.purpose.slice(0, 90)}'`);
    if (sameSet(p.countries, exp.countries)) score.countries++;
    else misses.push(`countries of ${exp.name}: [${p.countries}] ≠ [${exp.countries}]`);
  }
  produced.forEach((p, i) => {
    if (!used.has(i)) misses.push(`extra: ${p.name}`);
  });
  return { fixture, expected: expected.records.length, produced: produced.length, ...score, misses };
}

export function measureFolder(dir: string): { fixtures: FixtureScore[]; totals: { records: number; name: number; purpose: number; countries: number } } {
  const fixtures: FixtureScore[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!/\.(md|html|htm|csv|tsv|txt)$/.test(f)) continue;
    const base = f.replace(/\.[^.]+$/, '');
    let expected: Expected;
    try {
      expected = JSON.parse(readFileSync(join(dir, `${base}.expected.json`), 'utf8'));
    } catch {
      continue;
    }
    fixtures.push(scoreFixture(f, readFileSync(join(dir, f), 'utf8'), expected));
  }
  // The denominator: every expected record plus every record produced that matched none.
  const records = fixtures.reduce((n, s) => n + s.expected + s.misses.filter((m) => m.startsWith('extra:')).length, 0);
  const sum = (k: 'name' | 'purpose' | 'countries') => fixtures.reduce((n, s) => n + s[k], 0);
  return { fixtures, totals: { records, name: sum('name') / records, purpose: sum('purpose') / records, countries: sum('countries') / records } };
}

if (import.meta.main) {
  const dir = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : new URL('./fixtures', import.meta.url).pathname;
  const r = measureFolder(dir);
  for (const s of r.fixtures) {
    process.stdout.write(`${s.fixture.padEnd(34)} expected ${String(s.expected).padStart(3)} produced ${String(s.produced).padStart(3)}  name ${s.name}  purpose ${s.purpose}  countries ${s.countries}\n`);
    if (process.argv.includes('--verbose')) for (const m of s.misses.slice(0, 12)) process.stdout.write(`    ${m}\n`);
  }
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  process.stdout.write(`\n${JSON.stringify({ fixtures: r.fixtures.length, records: r.totals.records, name: pct(r.totals.name), purpose: pct(r.totals.purpose), countries: pct(r.totals.countries) })}\n`);
}
