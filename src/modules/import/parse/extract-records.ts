/**
 * Blocks → records: tables through their column roles, lists through their lead or the first
 * separator, headed entries through their heading. Locations are normalised, kinds recognised,
 * and warnings collected per row (unknown location, duplicate entity, empty purpose).
 */
import { type ColumnRole, type DetectedTable, entityKey, type ImportedRow, type ImportResult, type ImportWarning } from '../import.ts';
import { normaliseLocation } from '../locations/normalise-location.ts';
import type { Block } from './blocks.ts';
import { detectRoles, findHeaderRow, isVendorHeader } from './column-roles.ts';

export interface ExtractOptions {
  /** Roles chosen by the operator, by table block index; they replace the detected ones. */
  roleOverrides?: Record<number, ColumnRole[]>;
}

/** Recognised kinds; other kind text is kept as written. */
export function recogniseKind(text: string | null): string | null {
  if (!text) return null;
  if (/affiliate|group compan|intra-?group|subsidiar/i.test(text)) return 'affiliate';
  if (/infrastructure|hosting|cloud provider/i.test(text)) return 'infrastructure';
  if (/third[- ]?part|external/i.test(text)) return 'third_party';
  return text;
}

const SEPARATORS = [' – ', ' — ', ' - ', ': ', ' | ', ' -- ', ' (', ', '];
const LOCATION_IN_TEXT = /(?:^|[\s(;.,])(?:locations?|countr(?:y|ies)|hosted in|based in|regions?|data (?:center|centre)s?|processing locations?|headquarters)\s{0,3}(?:of processing)?\s{0,3}[:\-–]\s{0,3}([^;()\n]{1,120}?)(?=[.;)]\s|[.;)]?$|\n)/i;

function splitItem(text: string): { name: string; purpose: string } {
  for (const sep of SEPARATORS) {
    const at = text.indexOf(sep);
    if (at > 0 && at <= 80) {
      const rest = text.slice(at + sep.length);
      return { name: text.slice(0, at).trim(), purpose: (sep === ' (' ? `(${rest}` : rest).trim() };
    }
  }
  return { name: text.trim(), purpose: '' };
}

const splitList = (cell: string) => cell.split(/\s*(?:[,;/\n•]|\band\b|&)\s*/).map((s) => s.trim()).filter(Boolean);

export function extractRecords(blocks: Block[], opts: ExtractOptions = {}): ImportResult {
  const rows: ImportedRow[] = [];
  const warnings: ImportWarning[] = [];
  const tables: DetectedTable[] = [];

  type Candidate = { block: number; name: string; purpose: string; section: string | null; location: string | null; kind: string | null; services: string[]; website?: string | null; legalName?: string | null; dataCategories?: string[]; transferMechanism?: string | null };
  const candidates: Candidate[] = [];
  const relevant = new Set<number>();
  let current = -1;
  const propose = (r: Omit<Candidate, 'block'>) => candidates.push({ ...r, block: current });

  const add = (r: Omit<Candidate, 'block'>) => {
    const name = trimTrailing(r.name);
    if (!name || name.length > 200) return;
    const row = rows.length + 1;
    const loc = normaliseLocation(r.location, { context: name });
    for (const w of loc.warnings) warnings.push({ row, message: w });
    const purpose = r.purpose.trim();
    if (!purpose) warnings.push({ row, message: 'empty purpose' });
    rows.push({
      row, name, purpose, countries: loc.countries, regions: loc.regions, section: r.section, location: r.location?.trim() || null,
      kind: r.kind, services: r.services, website: r.website ?? null, legalName: r.legalName ?? null, dataCategories: r.dataCategories ?? [], transferMechanism: r.transferMechanism ?? null,
    });
  };

  blocks.forEach((block, index) => {
    current = index;
    if (block.context.some((h) => VENDOR_HEADING.test(h))) relevant.add(index);
    if (block.type === 'table') {
      const headerAt = findHeaderRow(block.rows, block.markedHeader);
      const headers = headerAt >= 0 ? block.rows[headerAt] : null;
      const body = block.rows.slice(headerAt + 1);
      const width = Math.max(headers?.length ?? 0, ...body.map((r) => r.length));
      // A one-column "table" is a list written with pipes; tables need a name and something else.
      if (width < 2 || body.length === 0) return;
      // A table whose header names no vendor column lists something else (data collected, fees…).
      if (headers && !isVendorHeader(headers) && !opts.roleOverrides?.[index]) return;
      if (headers) relevant.add(index);
      const roles = opts.roleOverrides?.[index] ?? detectRoles(headers, body);
      tables.push({ block: index, section: block.section, headers: headers ?? roles.map((_, i) => `Column ${i + 1}`), roles });
      let section = block.section;
      // Lines inside a cell: the name is the first line (a legal entity may follow); others join.
      const col = (row: string[], role: ColumnRole) =>
        roles.map((r, i) => (r === role ? (role === 'name' ? firstLine(row[i]) : oneLine(row[i])) : '')).filter(Boolean);
      for (const r of body) {
        const filled = r.filter((c) => c.trim());
        // A row with one filled cell spanning the table is a sub-heading (e.g. "Infrastructure").
        if (filled.length === 1 && width > 2 && filled[0].length < 80 && (r[0] ?? '').trim()) {
          section = oneLine(filled[0]);
          continue;
        }
        if (headers && r.every((c, i) => c === (headers[i] ?? ''))) continue;
        const kindText = col(r, 'kind')[0] ?? null;
        const labelled = splitLabelled(col(r, 'purpose').join(' '));
        propose({
          name: col(r, 'name')[0] ?? '', purpose: labelled.purpose, section,
          location: [...col(r, 'location'), ...(labelled.location ? [labelled.location] : [])].join(', ') || null,
          kind: recogniseKind(kindText) ?? (roles.includes('kind') ? null : inferKindFromSection(section)),
          services: col(r, 'services').flatMap(splitList), website: col(r, 'website')[0] ?? null, legalName: col(r, 'legalName')[0] ?? null,
          dataCategories: col(r, 'dataCategories').flatMap(splitList), transferMechanism: col(r, 'transferMechanism')[0] ?? null,
        });
      }
      return;
    }
    if (block.type === 'list') {
      const parsed = block.items.map((it) => (it.lead ? { name: it.lead, purpose: it.text, led: true } : { ...splitItem(it.text), led: false }));
      // Bullets in prose ("Affiliates, Infrastructure providers…") are not a vendor list.
      const described = parsed.filter((p) => p.purpose && p.name.length <= 80).length;
      if (described < Math.max(1, parsed.length / 2)) return;
      const listLocation = block.intro ? LEAD_IN_LOCATION.exec(block.intro)?.[1] ?? null : null;
      for (const p of parsed) {
        // "With your consent, or at your direction": a sentence, not a vendor.
        if (!p.led && SENTENCE_START.test(p.name)) continue;
        const d = describe(p.purpose);
        propose({ name: p.name, purpose: d.purpose, section: block.section, location: d.location ?? listLocation, kind: inferKindFromSection(block.section), services: [] });
      }
      return;
    }
    for (const e of block.entries) {
      const d = describe(e.text);
      // Labelled detail lines ("Country: Germany", "Purpose: …") fill what the paragraph left out.
      const labelled = (e.details ?? []).map(splitLabelled).filter((l) => l.location || l.purpose !== '');
      const location = d.location ?? (labelled.map((l) => l.location).filter(Boolean).join(', ') || null);
      const purpose = d.purpose || (labelled.find((l) => !l.location && l.purpose)?.purpose ?? '');
      propose({ name: e.name, purpose, section: block.section, location, kind: inferKindFromSection(block.section), services: [] });
    }
  });

  // When some blocks sit under a sub-processor heading (or are tables with a vendor column),
  // the rest of the page (footer links, policy sections, data-category tables) is not the list.
  const keep = relevant.size ? candidates.filter((c) => relevant.has(c.block)) : candidates;
  for (const { block: _b, ...c } of keep) add(c);

  // The same entity on several rows becomes one entity with several engagements: say so.
  const firstRow = new Map<string, number>();
  for (const r of rows) {
    const key = entityKey(r.name);
    const first = firstRow.get(key);
    if (first === undefined) firstRow.set(key, r.row);
    else warnings.push({ row: r.row, message: `duplicate entity '${r.name}' (also row ${first}): imported as one entity with several engagements` });
  }
  warnings.sort((a, b) => a.row - b.row);
  return { rows, warnings, tables };
}

/** Headings under which a page lists its vendors. */
const VENDOR_HEADING = /sub-?processors?|sub-?processing|sub-?contractors?|vendors?|third[- ]part(y|ies)|service providers?|\bproviders\b|suppliers?|processors|recipients|subsidiar|affiliates|partners|services (we|you) use|tools we use|we share|shared with|disclos/i;

const SENTENCE_START = /^(with|in|if|when|for|to|by|as|at|on|from|our|your|we|you|a|an|and|or|where|whether|this|these|those|it|they|all|any|some|each|such)\b|^(\S+\s+){7,}/i;

/** Drops trailing separators (" :", ", –") by hand: the equivalent regex is quadratic. */
function trimTrailing(text: string): string {
  let end = text.length;
  while (end > 0 && ' \t\n:,;–—-'.includes(text[end - 1])) end--;
  return text.slice(0, end).trim();
}

const firstLine = (cell: string | undefined) => (cell ?? '').split('\n')[0].trim();
const oneLine = (cell: string | undefined) => (cell ?? '').replace(/\n/g, ' ').trim();

/** "These subprocessors are located in the United States:" → "the United States". */
const LEAD_IN_LOCATION = /\b(?:located|hosted|based|stored|processed|established)\s{1,3}(?:in|within)\s{1,3}(?:the\s{1,3})?([^:.;]{2,80})[:.;]?\s{0,5}$/i;

const PURPOSE_LABEL = /^(purpose|nature|nature (?:and|&) purpose|nature of (?:the )?processing|description|function|service|services provided|activity|processing|use|role|what they do)$/i;
const LOCATION_LABEL = /^(location|locations|entity location|country|countries|territor(?:y|ies)|region|regions|hosting|hosting location|data location|location of processing|processing location|place of processing|headquarters|based in)$/i;
const LABEL = /(?:^|\s)([A-Z][A-Za-z ]{1,40}?|[a-z][a-z ]{1,30}?):\s*/g;

/**
 * Splits "Nature of Processing: hosting Territories: United States" into its purpose and its
 * location; text without such labels is all purpose.
 */
export function splitLabelled(text: string): { purpose: string; location: string | null } {
  const marks: Array<{ label: string; at: number; end: number }> = [];
  for (const m of text.matchAll(LABEL)) {
    const label = m[1].trim();
    if (PURPOSE_LABEL.test(label) || LOCATION_LABEL.test(label)) marks.push({ label, at: m.index + (m[0].length - m[0].trimStart().length), end: m.index + m[0].length });
  }
  if (!marks.length) return { purpose: text.trim(), location: null };
  const purpose: string[] = [];
  const location: string[] = [];
  const before = text.slice(0, marks[0].at).trim();
  if (before) purpose.push(before);
  marks.forEach((mk, i) => {
    const value = text.slice(mk.end, marks[i + 1]?.at ?? text.length).trim().replace(/[.;,]$/, '');
    (LOCATION_LABEL.test(mk.label) ? location : purpose).push(value);
  });
  return { purpose: purpose.join(' ').trim(), location: location.join(', ') || null };
}

/**
 * The purpose and location of a list item or vendor paragraph: labelled fields, a leading
 * qualifier in parentheses ("(European, Germany): hosting"), "…, for payments", stray punctuation.
 */
function describe(raw: string): { purpose: string; location: string | null } {
  let text = raw.trim().replace(/^[.,;:|–—-]+\s*/, '');
  let location: string | null = null;
  const qualifier = /^\(([^)]{1,80})\)\s*[:–—-]\s*/.exec(text);
  if (qualifier) {
    text = text.slice(qualifier[0].length);
    const loc = normaliseLocation(qualifier[1]);
    if (loc.countries.length || loc.regions.length) location = qualifier[1];
  }
  text = text.replace(/^for\s+(?=[a-z])/, '');
  const labelled = splitLabelled(text);
  const inline = labelled.location ?? LOCATION_IN_TEXT.exec(labelled.purpose)?.[1] ?? null;
  return { purpose: labelled.purpose, location: inline ?? location };
}

function inferKindFromSection(section: string | null): string | null {
  if (!section) return null;
  const k = recogniseKind(section);
  return k === 'affiliate' || k === 'infrastructure' || k === 'third_party' ? k : null;
}
