/**
 * Cleans one cell or item of an imported list: markdown links and emphasis, HTML leftovers,
 * footnote markers, non-breaking and repeated spaces.
 */
const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };

// Every pattern is bounded ({1,300} and the like): imported text is untrusted, and an unbounded
// lazy or negated class over a megabyte without its closing mark takes quadratic time.
export function cleanText(raw: string): string {
  return raw
    .replace(/<br\s{0,5}\/?>/gi, ' ')
    .replace(/<[^<>]{0,200}>/g, ' ')
    .replace(/&(nbsp|amp|lt|gt|quot|#39|apos);/g, (m) => ENTITIES[m] ?? m)
    .replace(/!\[([^[\]\n]{0,300})\]\([^()\n]{0,500}\)/g, '$1') // images
    .replace(/\[([^[\]\n]{1,300})\]\((?:[^()\n]|\([^()\n]{0,200}\)){0,500}\)/g, '$1') // [text](url)
    .replace(/\[([^[\]\n]{1,300})\]\[[^[\]\n]{0,100}\]/g, '$1') // [text][ref]
    .replace(/<(https?:\/\/[^<>\s]{1,500})>/g, '$1')
    .replace(/(\*\*|__)((?:(?!\*\*|__)[^\n]){1,300}?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_\n]{0,300}?)[*_](?=[\s).,;:]|$)/g, '$1$2')
    .replace(/`([^`\n]{0,300})`/g, '$1')
    .replace(/\[\^?\d{1,3}\]|\[[a-z]\]/gi, '') // [1] [^2] [a]
    .replace(/[\u00b9\u00b2\u00b3\u2070-\u2079\u2020\u2021]+/g, '') // ¹ ² † ‡
    .replace(/(\S)\*+(?=\s|$|[,.;:])/g, '$1') // name* footnote
    .replace(/[\u00a0\u2007\u202f\u200b\ufeff\t\r\n]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .replace(/^[\s\-–—•·*]+(?=\S)/, '')
    .trim();
}

/** Cleans a cell whose line breaks matter (a name on the first line, a legal entity below it). */
export function cleanLines(raw: string): string {
  return raw.split(/\n|<br\s*\/?>/i).map(cleanText).filter(Boolean).join('\n');
}
