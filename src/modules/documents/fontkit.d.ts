// The part of fontkit (MIT, pdfkit's own font engine) the PDF renderer uses: which code points a
// font has a glyph for. fontkit ships no type declarations.
declare module 'fontkit' {
  export interface Font {
    unitsPerEm: number;
    ascent: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
