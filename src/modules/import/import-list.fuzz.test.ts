/**
 * Robustness of `importList` against hostile or broken input: every input must give records or a
 * clear 400 `source_*` error, within 2 s per MB (never under a 200 ms floor, for this noisy
 * machine). Random inputs come from a seeded PRNG: set FUZZ_SEED to replay or explore.
 */
import assert from 'node:assert/strict';
import { largeCsv, largeHtml, largeMarkdown } from './fixtures/large-documents.ts';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { importList } from './import-list.ts';
import type { SourceFormat } from './parse/detect-format.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261123) >>> 0;
const MB = 1 << 20;
const FIXTURES = new URL('./fixtures/', import.meta.url);

type FormatLabel = 'markdown' | 'html' | 'csv' | 'auto';
const FORMATS: FormatLabel[] = ['markdown', 'html', 'csv', 'auto'];

/** mulberry32: tiny, fast, and the same sequence on every machine for a given seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A PRNG of its own for each case, so one case replays without running the others. */
function rngFor(label: string): () => number {
  let h = SEED ^ 0x9e3779b9;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return mulberry32(h >>> 0);
}

const fill = (unit: string, chars = MB) => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
/** The real fixtures: every *.md, *.html and *.csv that has an expected file (not the README). */
const FIXTURE_FILES = readdirSync(FIXTURES)
  .filter((f) => /\.(md|html|csv)$/.test(f))
  .filter((f) => readdirSync(FIXTURES).includes(f.replace(/\.\w+$/, '.expected.json')));

interface Outcome {
  result: ReturnType<typeof importList> | null;
  ms: number;
  budget: number;
}

/**
 * Imports `text` and asserts the contract: records, or an AppError 400 with a `source_*` code,
 * within max(200 ms, 2 s per MB). An over-budget run is measured once more and the faster run
 * counts: a GC pause or a busy neighbour slows one run, a hang or a quadratic blow-up slows both.
 */
function assertSurvives(text: string, format: FormatLabel, what: string): Outcome {
  const bytes = Buffer.byteLength(text, 'utf8');
  const budget = Math.max(200, (2000 * bytes) / MB);
  const context = `${what} as ${format} (${bytes} bytes, FUZZ_SEED=${SEED})`;
  const attempt = () => {
    const started = performance.now();
    try {
      const result = importList(text, format === 'auto' ? {} : { format: format as SourceFormat });
      return { result, error: null as unknown, ms: performance.now() - started };
    } catch (error) {
      return { result: null, error, ms: performance.now() - started };
    }
  };
  let run = attempt();
  if (run.ms > budget) {
    const again = attempt();
    if (again.ms < run.ms) run = again;
  }
  if (run.error !== null) {
    const e = run.error as { stack?: string };
    assert.ok(run.error instanceof AppError, `${context}: threw a non-AppError: ${e?.stack ?? String(run.error)}`);
    assert.equal(run.error.status, 400, `${context}: status ${run.error.status} (${run.error.code})`);
    assert.match(run.error.code, /^source_/, `${context}: code ${run.error.code}`);
  } else {
    assert.ok(Array.isArray(run.result?.rows), `${context}: no rows array`);
  }
  assert.ok(run.ms <= budget, `${context}: took ${Math.round(run.ms)} ms, budget ${Math.round(budget)} ms`);
  return { result: run.result, ms: run.ms, budget };
}

// ---- random text -------------------------------------------------------------------------------

const SIZES = [0, 1, 100, 10_000];
const SAMPLES: Record<number, number> = { 0: 1, 1: 20, 100: 20, 10_000: 4 };

/** Random bytes, read the way a decoder would: as UTF-8 (U+FFFD for junk) or byte-per-char. */
function randomBytes(rand: () => number, size: number, encoding: 'utf8' | 'latin1'): string {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buf[i] = Math.floor(rand() * 256);
  return buf.toString(encoding);
}

const MARKUP = '|,;\t"\'<>[]()*_#-=:!`&\\/\n\r ';
/** Random UTF-16 code units biased toward trouble: NUL and controls, lone surrogates, RTL marks, combining marks, markup. */
function randomUnicode(rand: () => number, size: number): string {
  const pick = (s: string) => s[Math.floor(rand() * s.length)];
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  let out = '';
  while (out.length < size) {
    const r = rand();
    if (r < 0.1) out += String.fromCharCode(between(0, 0x1f)); // NUL and control characters
    else if (r < 0.2) out += String.fromCharCode(between(0xd800, 0xdfff)); // lone surrogate
    else if (r < 0.28) out += pick('\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c'); // bidi marks
    else if (r < 0.38) out += String.fromCharCode(between(0x300, 0x36f)); // combining marks
    else if (r < 0.45) out += pick('\u00a0\u2007\u202f\u200b\ufeff\u2028\u2029\u00b9\u2020*'); // what clean-text strips
    else if (r < 0.7) out += pick(MARKUP);
    else if (r < 0.8) out += String.fromCodePoint(between(0x10000, 0x10ffff)); // astral pair
    else if (r < 0.9) out += String.fromCharCode(between(0x20, 0x7e));
    else out += String.fromCharCode(between(0xa0, 0xfffd));
  }
  return out.slice(0, size);
}

describe('importing random text', () => {
  for (const format of FORMATS) {
    it(`gives records or a clear error for random bytes of 0, 1, 100 and 10,000 bytes, read as ${format}`, () => {
      for (const encoding of ['utf8', 'latin1'] as const) {
        const rand = rngFor(`bytes/${encoding}/${format}`);
        for (const size of SIZES) for (let n = 0; n < SAMPLES[size]; n++) assertSurvives(randomBytes(rand, size, encoding), format, `random ${encoding} bytes #${n} of ${size}`);
      }
    });

    it(`gives records or a clear error for random unicode with NUL, lone surrogates, RTL and combining marks, read as ${format}`, () => {
      const rand = rngFor(`unicode/${format}`);
      for (const size of SIZES) for (let n = 0; n < SAMPLES[size]; n++) assertSurvives(randomUnicode(rand, size), format, `random unicode #${n} of ${size} code units`);
    });
  }
});

// ---- truncated fixtures ------------------------------------------------------------------------

describe('importing truncated real lists', () => {
  for (const format of FORMATS) {
    it(`gives records or a clear error for every fixture cut at 50 random points, read as ${format}`, { timeout: 60_000 }, () => {
      for (const file of FIXTURE_FILES) {
        const text = fixture(file);
        const rand = rngFor(`cut/${file}/${format}`);
        for (let n = 0; n < 50; n++) {
          const at = Math.floor(rand() * (text.length + 1));
          assertSurvives(text.slice(0, at), format, `${file} cut at ${at}`);
        }
      }
    });
  }
});

// ---- pathological shapes -----------------------------------------------------------------------

interface Shape {
  /** Names the input; the test title reads "<title>: gives records or a clear error in time, read as <format>". */
  title: string;
  build: () => string;
  /**
   * A parser bug found here and not fixed yet, by format: that case is skipped with this reason
   * ("known bug: …") so the suite stays green while the bug is reported. None open at 336e249.
   */
  known?: Partial<Record<FormatLabel, string>>;
  /** Formats to read it as, when reading it as the others would only burn time (all by default). */
  formats?: FormatLabel[];
}

const staircase = (depth: number, line: (i: number) => string) => Array.from({ length: depth }, (_, i) => line(i)).join('\n');

const SHAPES: Shape[] = [
  // Deep nesting.
  { title: '10,000 nested <div>s', build: () => `${'<div>'.repeat(10_000)}Stripe – payments${'</div>'.repeat(10_000)}` },
  { title: '5,000 nested <table><tr><td>', build: () => `${'<table><tr><td>'.repeat(5_000)}Stripe${'</td></tr></table>'.repeat(5_000)}` },
  { title: '10,000 nested <ul><li>', build: () => `${'<ul><li>'.repeat(10_000)}Stripe – payments` },
  { title: 'Markdown lists nested 5,000 deep on one line', build: () => `${'- '.repeat(5_000)}**Stripe** – payments\n` },
  // A staircase 5,000 deep is 25 MB of indentation: read it as markdown only; 1,000 deep (1 MB) in every format.
  { title: 'Markdown lists nested 5,000 deep by indentation', build: () => staircase(5_000, (i) => `${' '.repeat(2 * i)}- **Vendor ${i}** – hosting`), formats: ['markdown', 'auto'] },
  { title: 'Markdown lists nested 1,000 deep by indentation', build: () => staircase(1_000, (i) => `${' '.repeat(2 * i)}- **Vendor ${i}** – hosting`) },
  { title: 'Blockquotes nested 5,000 deep', build: () => `${'> '.repeat(5_000)}| Name | Purpose |\n${'>'.repeat(5_000)} | --- | --- |\n` },
  { title: 'Blockquotes 5,000 deep, one more level per line', build: () => staircase(5_000, (i) => `${'>'.repeat(i + 1)} Vendor ${i}: hosting`), formats: ['markdown', 'auto'] },
  // Long lines and unclosed constructs.
  { title: 'A 1 MB markdown line with thousands of pipes', build: () => `| Name | Purpose |\n|---|---|\n| ${fill('Stripe | payments | ', MB - 30)}\n` },
  { title: 'A 1 MB line of bare pipes around one-letter cells', build: () => fill('a|') },
  { title: 'A CSV field whose quote never closes (1 MB)', build: () => `name,purpose\nStripe,"${fill('payments, refunds\n', MB - 30)}` },
  { title: '100,000 columns in one CSV row', build: () => Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',') },
  { title: 'A CSV header and row of 100,000 columns', build: () => ['name,purpose', 'Stripe,payments'].map((h) => `${h},${Array.from({ length: 99_998 }, (_, i) => `x${i}`).join(',')}`).join('\n') },
  // Regex stress for clean-text, the separators and the labels.
  { title: '1 MB of "[["', build: () => fill('[') },
  { title: '1 MB of "****"', build: () => fill('*') },
  { title: '1 MB of "(((("', build: () => fill('(') },
  { title: '1 MB of "a: b: c: …"', build: () => fill('a: b: c: ') },
  { title: '1 MB of "<<<<"', build: () => fill('<') },
  { title: '1 MB of "&amp;&amp;…"', build: () => fill('&amp;') },
  { title: '1 MB of spaces and tabs', build: () => fill(' \t') },
  { title: '1 MB of spaces and tabs between two words', build: () => `Stripe${fill(' \t', MB - 20)}payments` },
  { title: '1 MB of "[a](" half-links', build: () => fill('[a](') },
  { title: '1 MB of "**a" unclosed emphasis', build: () => fill('**a') },
  { title: '1 MB of "<br" unclosed tags', build: () => fill('<br') },
  { title: 'A bullet list of 1 MB of "a: b – c - " separators', build: () => Array.from({ length: 20_000 }, (_, i) => `- Vendor ${i}: a: b – c - d | e (f, g`).join('\n') },
  // Shapes that crashed or took seconds to hours at f921b1a (fixed in 7de2373 and 336e249).
  { title: '1 MB of "![" half-images', build: () => fill('![') },
  { title: 'A markdown heading "# a" followed by 1,000 spaces', build: () => `# a${' '.repeat(1_000)}x\n` },
  { title: '200 markdown headings "# a" followed by 490 spaces', build: () => staircase(200, () => `# a${' '.repeat(490)}x`) },
  { title: 'A bullet followed by a "# a" line with 2,000 spaces', build: () => `- **Stripe** – payments\n# a${' '.repeat(2_000)}x\n` },
  { title: 'Two lone low surrogates in HTML', build: () => '<div>\udc00\udc00' },
  { title: 'A table whose name cell holds 32 kB of ":"', build: () => `name,purpose\na${':'.repeat(32_000)}b,hosting\n` },
];

describe('importing pathological shapes', () => {
  for (const shape of SHAPES) {
    let text: string | null = null;
    const input = () => (text ??= shape.build());
    for (const format of shape.formats ?? FORMATS) {
      const skip = shape.known?.[format] ?? false;
      it(`${shape.title}: gives records or a clear error in time, read as ${format}`, { skip, timeout: 30_000 }, (t) => {
        const { ms, budget } = assertSurvives(input(), format, shape.title);
        t.diagnostic(`importList: ${Math.round(ms)} ms, budget ${Math.round(budget)} ms`);
      });
    }
  }
});

// ---- 5 MB documents ----------------------------------------------------------------------------

const bigHtml = () => largeHtml(5 * MB);
const bigMarkdown = () => largeMarkdown(5 * MB);
const bigCsv = () => largeCsv(5 * MB);

describe('importing 5 MB lists', () => {
  const cases: Array<{ format: Exclude<FormatLabel, 'auto'>; build: () => ReturnType<typeof bigHtml> }> = [
    { format: 'html', build: bigHtml },
    { format: 'markdown', build: bigMarkdown },
    { format: 'csv', build: bigCsv },
  ];
  for (const { format, build } of cases) {
    let big: ReturnType<typeof bigHtml> | null = null;
    const input = () => (big ??= build());
    for (const as of [format, 'auto'] as const) {
      it(`reads every row of a 5 MB ${format} table within 10 s, read as ${as}`, { timeout: 60_000 }, (t) => {
        const { text, rows, perUnit, file } = input();
        assert.equal(importList(fixture(file), { format }).rows.length, perUnit, `${file} itself gives one record per repeated row`);
        const { result, ms, budget } = assertSurvives(text, as, `5 MB ${format} built from ${file}`);
        t.diagnostic(`importList: ${Math.round(ms)} ms, budget ${Math.round(budget)} ms, ${rows} records`);
        assert.equal(result?.rows.length, rows, `5 MB ${format} from ${file}, read as ${as}: record count`);
        if (as === 'auto') assert.equal(result?.format, format);
      });
    }
  }
});
