/**
 * Importing an existing sub-processor list (SP5): shared types of the pipeline
 *   source (file / URL / pasted text) → ParsedDocument (tables, lists, headed paragraphs)
 *   → column roles → ImportedRecord[] with warnings → registry (directly, or as a draft to review).
 * No I/O here.
 */

/** What a column of a table means. */
export const COLUMN_ROLES = [
  'name', 'legalName', 'purpose', 'location', 'kind', 'services', 'dataCategories', 'transferMechanism', 'website', 'ignore',
] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

/** One record as the import contract prints it (CLI `--json`, API, console preview). */
export interface ImportedRecord {
  name: string;
  purpose: string;
  /** ISO 3166-1 alpha-2 codes found in the location text. */
  countries: string[];
  /** Region markers with no single country, e.g. "EU". */
  regions: string[];
  /** The heading the table or list sits under, e.g. "Infrastructure". */
  section: string | null;
  /** The location text as written (cleaned), or null. */
  location: string | null;
  kind: string | null;
  services: string[];
}

/** Extra detail kept for the console and the registry write; not part of the printed contract. */
export interface ImportedRow extends ImportedRecord {
  /** 1-based row number across the document, as warnings cite it. */
  row: number;
  website: string | null;
  /** The legal entity when a column gives it beside the name ("Stripe" / "Stripe Payments Europe, Ltd."). */
  legalName?: string | null;
  dataCategories: string[];
  transferMechanism: string | null;
}

export interface ImportWarning {
  row: number;
  message: string;
}

/** A table's columns with the role detected for each (the operator may change them). */
export interface DetectedTable {
  /** Index of the table block in the document. */
  block: number;
  section: string | null;
  headers: string[];
  roles: ColumnRole[];
}

export interface ImportResult {
  rows: ImportedRow[];
  warnings: ImportWarning[];
  tables: DetectedTable[];
}

/**
 * How imported names are compared: "Ingram Micro European Services S.L.U." and "…, S.L.U." are the
 * same company. Used to merge rows into one entity and to match rows against the registry.
 */
export const entityKey = (name: string): string => name.toLowerCase().replace(/[.,]/g, '').replace(/\s+/g, ' ').trim();

/** The printed contract: exactly these keys, in this order. */
export function presentImport(result: ImportResult): { records: ImportedRecord[]; warnings: ImportWarning[] } {
  return {
    records: result.rows.map((r) => ({
      name: r.name, purpose: r.purpose, countries: r.countries, regions: r.regions, section: r.section,
      location: r.location, kind: r.kind, services: r.services,
    })),
    warnings: result.warnings,
  };
}
