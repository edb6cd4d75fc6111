/** Trustroom's own export (`trustroom export`, JSON or YAML): a lossless round trip into records. */
import YAML from 'yaml';
import { AppError } from '../../../shared/errors.ts';
import type { ImportedRow, ImportResult } from '../import.ts';
import { EXPORT_FORMAT } from '../../registry/export-registry.ts';

interface ExportShape {
  format?: string;
  services?: Array<{ slug: string; name: string }>;
  engagements?: Array<{ entityName: string; purpose: string; countries?: string[]; regions?: string[]; section?: string | null; kind?: string; services?: string[]; dataCategories?: string[]; transferMechanisms?: string[] }>;
  entities?: Array<{ name: string; website?: string | null }>;
}

/** A list of strings from untrusted data; anything else reads as empty. */
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function isTrustroomExport(value: unknown): value is ExportShape {
  return !!value && typeof value === 'object' && (value as ExportShape).format === EXPORT_FORMAT;
}

/** Parses JSON or YAML text; returns null when it is not a Trustroom export. */
export function parseExport(text: string, format: 'json' | 'yaml'): ImportResult | null {
  let value: unknown;
  try {
    value = format === 'json' ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: 100 });
  } catch (e) {
    throw new AppError('source_unreadable', 400, `source: not valid ${format.toUpperCase()} (${(e as Error).message.split('\n')[0].slice(0, 120)})`);
  }
  if (!isTrustroomExport(value)) return null;
  if (!Array.isArray(value.engagements) || value.engagements.some((g) => !g || typeof g.entityName !== 'string' || typeof g.purpose !== 'string')) {
    throw new AppError('source_unreadable', 400, 'source: this Trustroom export has no engagements list, or an engagement without entityName and purpose');
  }
  const serviceNames = new Map((Array.isArray(value.services) ? value.services : []).map((s) => [s?.slug, s?.name]));
  const websites = new Map((Array.isArray(value.entities) ? value.entities : []).map((e) => [e?.name, e?.website ?? null]));
  const rows: ImportedRow[] = value.engagements.map((g, i) => ({
    row: i + 1, name: g.entityName, purpose: g.purpose, countries: strings(g.countries), regions: strings(g.regions), section: typeof g.section === 'string' ? g.section : null,
    location: strings(g.countries).join(', ') || null, kind: typeof g.kind === 'string' ? g.kind : null, services: strings(g.services).map((s) => serviceNames.get(s) ?? s),
    website: websites.get(g.entityName) ?? null, dataCategories: strings(g.dataCategories), transferMechanism: strings(g.transferMechanisms)[0] ?? null,
  }));
  return { rows, warnings: [], tables: [] };
}
