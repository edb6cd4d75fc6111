/** The file name of a customer's DPA as PDF: version and customer, in ASCII. */

/** Letters that do not decompose under NFKD into an ASCII letter and a mark. */
const SPECIAL: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ħ: 'h', ı: 'i', þ: 'th', ð: 'd' };

/**
 * An ASCII slug of a name: accents dropped, other letters spelled out where they have a usual
 * spelling, every other run of characters one hyphen, at most 60 characters.
 * @example asciiSlug('Łódź Müller & Søn GmbH') // 'lodz-muller-son-gmbh'
 */
export function asciiSlug(name: string, max = 60): string {
  const plain = [...name.toLowerCase()].map((ch) => SPECIAL[ch] ?? ch).join('').normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return plain.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, max).replace(/-+$/, '');
}

/**
 * `DPA-v3-acme-gmbh.pdf`; a name with no ASCII letter or digit (東京株式会社) becomes `customer`.
 * @example dpaFileName(3, 'Acme GmbH') // 'DPA-v3-acme-gmbh.pdf'
 */
export function dpaFileName(version: number, customerName: string, ext = 'pdf'): string {
  return `DPA-v${version}-${asciiSlug(customerName) || 'customer'}.${ext}`;
}
