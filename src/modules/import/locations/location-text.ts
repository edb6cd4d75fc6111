/**
 * Cleaning and tokenising the location text of an imported row. The same tokeniser turns both
 * the rule data (names in rules/*.yaml) and the input into lookup keys, so "São Paulo",
 * "SAO PAULO" and "Sao Paulo" meet on `sao paulo`, and "U.S.A." on `usa`.
 */

/** One word or separator of the text; `start`/`end` index the cleaned text. */
export interface Token {
  /** The text as written. */
  raw: string;
  /** Lookup key: lower case, no accents, no dots; separators keep their character. */
  key: string;
  start: number;
  end: number;
  /** False for separators: , ; / \ | ( ) [ ] { } : new lines, bullets, dashes, & and +. */
  isWord: boolean;
  /** Only letters, all upper case, no dots ("IN", "DEU"), as codes are written. */
  isUpper: boolean;
  /** Written with dots ("U.S."), which marks an abbreviation rather than a word. */
  isDotted: boolean;
}

// Footnote markers: [1], [a], (1), *, †, ‡, §, superscript digits.
const FOOTNOTES = /\[\s*(?:\d{1,3}|[a-z])\s*\]|\(\s*\d{1,2}\s*\)|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+/giu;
// A word: letters/digits joined by ' ’ . - _ (us-east-1, d'Ivoire, U.S.A.), optional final dot.
const TOKEN = /([\p{L}\p{N}][\p{L}\p{N}\p{M}]*(?:['’.\-_][\p{L}\p{N}\p{M}]+)*\.?)|(\n|[,;/\\|()[\]{}:•·▪◦‣●⁃–—&+-])/gu;
const TOKEN_ASCII = /([A-Za-z0-9]+(?:['.\-_][A-Za-z0-9]+)*\.?)|(\n|[,;/\\|()[\]{}:&+-])/g;
const NON_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}/gu;
const UPPER = /^[A-Z]+$/;

const FOOTNOTE_HINT = /[[(*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]/;
const MESSY_SPACE = /\s\s|[^\S ]/;

/** The text with footnote markers removed and white space collapsed (line breaks kept). */
export function cleanLocationText(raw: string): string {
  let s = NON_ASCII.test(raw) ? raw.normalize('NFC') : raw;
  if (FOOTNOTE_HINT.test(s)) s = s.replace(FOOTNOTES, ' ');
  if (MESSY_SPACE.test(s)) s = s.replace(/\r\n?/g, '\n').replace(/[^\S\n]+/g, ' ').replace(/ *\n\s*/g, '\n');
  return s.trim();
}

/** The lookup key of one word. */
export function keyOf(word: string): string {
  let k = word.toLowerCase();
  // NFD splits accents off their letters; ø, ß and the like stay as they are on both sides.
  if (NON_ASCII.test(k)) k = k.normalize('NFD').replace(MARKS, '').replace(/’/g, "'");
  return k.includes('.') ? k.replace(/\./g, '') : k;
}

const SEPARATOR_KEYS: Record<string, string> = { '–': '-', '—': '-', '⁃': '-', '·': '•', '▪': '•', '◦': '•', '‣': '•', '●': '•' };

export function tokeniseLocation(text: string): Token[] {
  const tokens: Token[] = [];
  // Most cells are ASCII; the ASCII pattern is several times faster than the Unicode one.
  const re = NON_ASCII.test(text) ? TOKEN : TOKEN_ASCII;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const raw = m[0];
    const start = m.index;
    if (m[1] !== undefined) {
      const key = keyOf(raw);
      if (!key) continue;
      tokens.push({ raw, key, start, end: start + raw.length, isWord: true, isUpper: UPPER.test(raw), isDotted: raw.includes('.') });
    } else {
      tokens.push({ raw, key: SEPARATOR_KEYS[raw] ?? raw, start, end: start + raw.length, isWord: false, isUpper: false, isDotted: false });
    }
  }
  return tokens;
}

/** The key of a whole phrase, as the rule tables store it ("korea , republic of"). */
export const phraseKey = (text: string): string => tokeniseLocation(cleanLocationText(text)).map((t) => t.key).join(' ');
