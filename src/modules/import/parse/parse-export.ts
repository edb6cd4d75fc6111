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
  const serviceNames = new Map((value.services ?? []).map((s) => [s.slug, s.name]));
  const websites = new Map((value.entities ?? []).map((e) => [e.name, e.website ?? null]));
  const rows: ImportedRow[] = (value.engagements ?? []).map((g, i) => ({
    row: i + 1, name: g.entityName, purpose: g.purpose, countries: g.countries ?? [], regions: g.regions ?? [], section: g.section ?? null,
    location: (g.countries ?? []).join(', ') || null, kind: g.kind ?? null, services: (g.services ?? []).map((s) => serviceNames.get(s) ?? s),
    website: websites.get(g.entityName) ?? null, dataCategories: g.dataCategories ?? [], transferMechanism: g.transferMechanisms?.[0] ?? null,
  }));
  return { rows, warnings: [], tables: [] };
}
