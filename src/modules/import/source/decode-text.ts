/**
 * Bytes → text for an import source. Order of precedence (as browsers do): a byte order mark, then
 * the declared charset (Content-Type, or an HTML `<meta charset>`), then UTF-8 — falling back to
 * windows-1252 when the bytes are not valid UTF-8, which is what old "latin1" exports usually are.
 */

export interface DecodeHints {
  /** The `Content-Type` header value, if any (only its `charset` parameter is used). */
  contentType?: string | null;
  /** Look for `<meta charset>` in the first 1024 bytes when nothing else declares a charset. */
  isHtml?: boolean;
}

/** The `charset` parameter of a Content-Type value, e.g. `iso-8859-1`, or null. */
export function charsetOf(contentType: string | null | undefined): string | null {
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1] ?? null;
}

function bomEncoding(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

function metaCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('windows-1252').decode(bytes.subarray(0, 1024));
  const label = /<meta[^>]*?charset\s*=\s*["']?\s*([\w.:+-]+)/i.exec(head)?.[1] ?? null;
  // A page that could be read this far is ASCII-compatible, whatever it claims (HTML spec).
  return label && /^utf-16/i.test(label) ? 'utf-8' : label;
}

/** A TextDecoder for a charset label, or null when the label is unknown. */
function decoderFor(label: string): TextDecoder | null {
  try {
    return new TextDecoder(label);
  } catch {
    return null;
  }
}

/** Decodes `bytes` as described above; a leading BOM never reaches the text. */
export function decodeText(bytes: Uint8Array, hints: DecodeHints = {}): string {
  const declared = bomEncoding(bytes) ?? charsetOf(hints.contentType) ?? (hints.isHtml ? metaCharset(bytes) : null);
  const decoder = declared ? decoderFor(declared) : null;
  if (decoder && decoder.encoding !== 'utf-8') return decoder.decode(bytes);
  // TextDecoder drops a UTF-8 BOM by default (ignoreBOM: false).
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
