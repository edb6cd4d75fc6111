/**
 * What each column of an imported table means, from its header words and, failing that, from
 * its content. Rules are ordered: the first that matches a header wins ("Entity Country" is a
 * location, "Sub-Processor type" a kind, "Legal Name" a name).
 */
import type { ColumnRole } from '../import.ts';
import { normaliseLocation } from '../locations/normalise-location.ts';

const HEADER_RULES: Array<[ColumnRole, RegExp]> = [
  // Columns that look like others but are not: contact details, dates, durations, data subjects.
  ['ignore', /contact|address|e-?mail|phone|\bdpo\b|duration|retention|period|\bdate\b|since|added|updated|data subjects?|subject matter|sub-sub|\bnotes?\b|certific|\bdpa\b/i],
  ['dataCategories', /(personal )?data (categor|types?|elements?|subjects?|processed)|categor(y|ies) of (personal )?data|types? of (personal )?data|data involved/i],
  ['transferMechanism', /safeguard|transfer|\bsccs?\b|legal basis|mechanism|adequacy/i],
  ['website', /web ?site|\burl\b|\blinks?\b|home ?page|privacy (policy|notice)/i],
  // A legal-entity column beside a name column; alone, it is the name (detectRoles).
  ['legalName', /legal (entity|name)|registered (name|entity)|contracting (entity|party)|corporate name|legal person/i],
  ['location', /countr|locat|region|hosting|data ?cent(er|re)|\bwhere\b|jurisdiction|headquarter|\bhq\b|based|seat|geograph|territor|\bplace\b/i],
  ['kind', /\b(type|kind|category|classification|tier)\b/i],
  ['services', /applicable|products?|platforms?|services? (used|affected|concerned)|used (by|for|in)|applies|offering|service line|feature/i],
  ['name', /entity|company|vendor|sub-?processor|sub-?contractor|legal name|\bname\b|provider|supplier|third[- ]part|organi[sz]ation|partner|processor|recipient|\bparty\b|business/i],
  ['purpose', /purpose|function|descri|value proposition|activit|processing|nature|provided|\bwhat\b|\brole\b|detail|scope|reason|\buse\b|usage|service|operation|task|support/i],
];

/** The role a header names, or null when its words say nothing. */
export function roleFromHeader(header: string): ColumnRole | null {
  const h = header.trim();
  if (!h || h.length > 80) return null;
  for (const [role, re] of HEADER_RULES) if (re.test(h)) return role;
  return null;
}

const KIND_WORDS = /^(affiliates?|infrastructure|third[- ]?part(y|ies)|sub-?processors?|sub-?contractors?|internal|external|group compan(y|ies)|intra-?group)\b/i;
const URLISH = /^(https?:\/\/|www\.)\S+$/i;

/** How well `rows[i]` reads as a header: the number of cells naming a role, 0 when it cannot be one. */
export function headerScore(row: string[]): number {
  const filled = row.filter((c) => c.trim());
  if (filled.length < 2 || filled.some((c) => c.length > 80)) return 0;
  const roles = filled.map(roleFromHeader);
  const known = roles.filter(Boolean).length;
  return known >= Math.min(2, filled.length) ? known : 0;
}

/** Index of the header row among the first rows, or -1 when no row reads as one. */
export function findHeaderRow(rows: string[][], markedHeader: boolean): number {
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < Math.min(rows.length, 4); i++) {
    const s = headerScore(rows[i]);
    if (s > bestScore) (best = i), (bestScore = s);
  }
  if (best === -1 && markedHeader && rows.length > 1) return 0;
  return best;
}

const share = (cells: string[], test: (c: string) => boolean) => {
  const filled = cells.filter((c) => c.trim());
  return filled.length ? filled.filter(test).length / filled.length : 0;
};
const avgLength = (cells: string[]) => {
  const filled = cells.filter((c) => c.trim());
  return filled.length ? filled.reduce((n, c) => n + c.length, 0) / filled.length : 0;
};

function roleFromContent(cells: string[]): ColumnRole | null {
  if (share(cells, (c) => URLISH.test(c.trim())) >= 0.6) return 'website';
  if (share(cells, (c) => KIND_WORDS.test(c.trim())) >= 0.6) return 'kind';
  if (share(cells, (c) => { const l = normaliseLocation(c); return (l.countries.length > 0 || l.regions.length > 0) && l.warnings.length === 0; }) >= 0.6) return 'location';
  return null;
}

/** True when a header row names no column as the vendor: such a table lists something else. */
export function isVendorHeader(headers: string[]): boolean {
  return headers.some((h) => roleFromHeader(h) === 'name' || roleFromHeader(h) === 'legalName');
}

/**
 * Roles for every column: header words first, content second; then exactly one name column
 * (the first candidate, else the first column) and one purpose column (else the longest text).
 */
export function detectRoles(headers: string[] | null, body: string[][]): ColumnRole[] {
  const width = Math.max(headers?.length ?? 0, ...body.map((r) => r.length));
  const column = (i: number) => body.map((r) => r[i] ?? '');
  const roles: Array<ColumnRole | null> = [];
  for (let i = 0; i < width; i++) roles.push((headers && roleFromHeader(headers[i] ?? '')) || roleFromContent(column(i)));
  // A bare "Service" column is the purpose unless another column already is.
  const hasPurpose = roles.some((r, i) => r === 'purpose' && !/^services?$/i.test(headers?.[i]?.trim() ?? ''));
  roles.forEach((r, i) => {
    if (r === 'purpose' && hasPurpose && /^services?$/i.test(headers?.[i]?.trim() ?? '')) roles[i] = 'services';
  });
  let nameAt = roles.indexOf('name');
  if (nameAt === -1 && roles.includes('legalName')) {
    nameAt = roles.indexOf('legalName');
    roles[nameAt] = 'name';
  }
  roles.forEach((r, i) => {
    if (r === 'legalName' && roles.indexOf('legalName') !== i) roles[i] = 'ignore';
  });
  if (nameAt === -1) {
    nameAt = roles.findIndex((r, i) => r === null && avgLength(column(i)) > 0);
    if (nameAt === -1) nameAt = 0;
    roles[nameAt] = 'name';
  }
  roles.forEach((r, i) => {
    if (r === 'name' && i !== nameAt) roles[i] = 'ignore';
  });
  // Of several purpose-like columns, one that says "purpose" wins, then descriptions.
  const rank = (i: number) => { const h = headers?.[i] ?? ''; return /purpose/i.test(h) ? 3 : /descri|function|value proposition|nature|activit/i.test(h) ? 2 : 1; };
  let purposeAt = roles.indexOf('purpose');
  roles.forEach((r, i) => {
    if (r === 'purpose' && rank(i) > rank(purposeAt)) purposeAt = i;
  });
  if (purposeAt === -1) {
    let longest = -1;
    roles.forEach((r, i) => {
      if ((r === null || r === 'services') && avgLength(column(i)) > (longest === -1 ? 0 : avgLength(column(longest)))) longest = i;
    });
    purposeAt = longest;
    if (purposeAt !== -1) roles[purposeAt] = 'purpose';
  }
  roles.forEach((r, i) => {
    if (r === 'purpose' && i !== purposeAt) roles[i] = 'ignore';
  });
  return roles.map((r) => r ?? 'ignore');
}
