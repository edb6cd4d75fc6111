/**
 * The fonts generated PDFs embed, and which one writes each character. Noto Sans (Latin, Latin
 * Extended, Greek, Cyrillic, in four faces) comes first; Noto Sans SC (Chinese, with kana and most
 * kanji) is the fallback for what it lacks. Both are SIL Open Font License 1.1 fonts shipped in
 * npm packages (@embedpdf/fonts-latin, @embedpdf/fonts-sc): nothing is downloaded at run time.
 * pdfkit embeds only the glyphs a document uses, so a PDF stays small; the CJK font (8 MB) is read
 * only when a document has a character that needs it.
 */
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';

export type Face = 'regular' | 'bold' | 'italic' | 'boldItalic';

/** A font as pdfkit registers it: its name in the document and its bytes. */
export interface PdfFont {
  name: string;
  bytes: Buffer;
  font: fontkit.Font;
}

const LATIN: Record<Face, string> = {
  regular: 'NotoSans-Regular.ttf', bold: 'NotoSans-Bold.ttf', italic: 'NotoSans-Italic.ttf', boldItalic: 'NotoSans-BoldItalic.ttf',
};
// CJK has no italic: italic text falls back to the upright face of its weight.
const CJK: Record<Face, string> = {
  regular: 'NotoSansHans-Regular.otf', bold: 'NotoSansHans-Bold.otf', italic: 'NotoSansHans-Regular.otf', boldItalic: 'NotoSansHans-Bold.otf',
};

const loaded = new Map<string, PdfFont>();

function load(pkg: string, file: string): PdfFont {
  const key = `${pkg}/${file}`;
  let f = loaded.get(key);
  if (!f) {
    // The packages export only an index; their font files sit in ../fonts beside it.
    const bytes = readFileSync(new URL(`../fonts/${file}`, import.meta.resolve(pkg)));
    f = { name: file.replace(/\.(ttf|otf)$/, ''), bytes, font: fontkit.create(bytes) };
    loaded.set(key, f);
  }
  return f;
}

export const latinFont = (face: Face): PdfFont => load('@embedpdf/fonts-latin', LATIN[face]);
export const cjkFont = (face: Face): PdfFont => load('@embedpdf/fonts-sc', CJK[face]);

/** A run of text that one font writes. */
export interface FontRun {
  text: string;
  font: PdfFont;
}

const isSpace = (cp: number) => cp === 0x20 || cp === 0xa0 || cp === 0x3000;

/**
 * Splits text into runs, each written by the first font that has its characters: the Latin face,
 * else the CJK fallback, else the Latin face (a character no font has shows as a missing glyph
 * rather than vanishing). Spaces stay in the run they follow, so "東京 港区" stays one run.
 * @example fontRuns('Tokyo (東京)', 'regular').map((r) => r.text) // ['Tokyo (', '東京', ')']
 */
export function fontRuns(text: string, face: Face): FontRun[] {
  const latin = latinFont(face);
  const runs: FontRun[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number;
    const last = runs.at(-1);
    let font = latin;
    if (last && isSpace(cp) && last.font.font.hasGlyphForCodePoint(cp)) font = last.font;
    else if (!latin.font.hasGlyphForCodePoint(cp) && cjkFont(face).font.hasGlyphForCodePoint(cp)) font = cjkFont(face);
    if (last && last.font === font) last.text += ch;
    else runs.push({ text: ch, font });
  }
  return runs;
}

/**
 * The text as the Latin face measures it, with every character it lacks replaced by a "W" and a
 * zero-width space: about as wide as a CJK glyph (one em) and, like one, a place a line may break.
 * pdfkit measures a string in one font only; this keeps row heights right for mixed text.
 */
export function measurableText(text: string, face: Face): string {
  const latin = latinFont(face).font;
  let out = '';
  for (const ch of text) out += latin.hasGlyphForCodePoint(ch.codePointAt(0) as number) || ch === '\n' ? ch : 'W\u200b';
  return out;
}
