/**
 * The catalogue of measure categories (rules/measure-catalogue.yaml): the seven categories of a
 * real DPA's §10 and the Annex II examples of the standard contractual clauses, each with a
 * suggested measure used to seed a workspace.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The two sets a workspace can be seeded from. */
export const CATALOGUE_SETS = ['dpa-004', 'annex-ii'] as const;
export type CatalogueSet = (typeof CATALOGUE_SETS)[number];

export interface MeasureCategory {
  key: string;
  set: CatalogueSet;
  /** Where the category comes from, e.g. `SCC 2021/914 Annex II` or `DPA 004 §10(a)`. */
  source: string;
  label: string;
  /** The key of the closest Annex II category (an Annex II category names itself); null: none. */
  annexII: string | null;
  /** The source's own description of the category, when it has one. */
  summary: string | null;
  /** The Annex's wording (Annex II categories). */
  annexText: string | null;
  suggested: { title: string; description: string };
}

export interface MeasureCatalogue {
  version: string;
  checked: string;
  sources: Record<CatalogueSet, { title: string; reference: string }>;
  categories: MeasureCategory[];
}

type RawCategory = Omit<MeasureCategory, 'annexII' | 'summary' | 'annexText'> & { annexII?: string | null; summary?: string; annexText?: string };

let cached: MeasureCatalogue | undefined;

/** The catalogue, read once; a malformed file fails loudly at first use rather than mislabelling measures. */
export function measureCatalogue(): MeasureCatalogue {
  if (cached) return cached;
  const raw = parse(readFileSync(new URL('./rules/measure-catalogue.yaml', import.meta.url), 'utf8')) as
    Omit<MeasureCatalogue, 'categories' | 'version' | 'checked'> & { version: unknown; checked: unknown; categories: RawCategory[] };
  const categories = raw.categories.map((c): MeasureCategory => ({
    ...c,
    // Annex II categories are their own Annex II group.
    annexII: c.set === 'annex-ii' ? c.key : (c.annexII ?? null),
    summary: c.summary ?? null,
    annexText: c.annexText ?? null,
  }));
  const keys = new Set(categories.map((c) => c.key));
  for (const c of categories) {
    if (!CATALOGUE_SETS.includes(c.set)) throw new Error(`measure catalogue: ${c.key} has unknown set ${c.set}`);
    if (c.annexII && !keys.has(c.annexII)) throw new Error(`measure catalogue: ${c.key} maps to unknown Annex II key ${c.annexII}`);
    if (!c.label || !c.suggested?.title) throw new Error(`measure catalogue: ${c.key} lacks a label or a suggested measure`);
  }
  if (keys.size !== categories.length) throw new Error('measure catalogue: a key appears twice');
  // YAML reads an unquoted date as a Date: keep the text the file shows.
  const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
  cached = { version: day(raw.version), checked: day(raw.checked), sources: raw.sources, categories };
  return cached;
}

/** Every category key, in catalogue order. */
export const categoryKeys = (): string[] => measureCatalogue().categories.map((c) => c.key);

/** The category of `key`, or undefined for a key the catalogue does not (or no longer) hold. */
export const findCategory = (key: string): MeasureCategory | undefined => measureCatalogue().categories.find((c) => c.key === key);

/** The categories of one set, in catalogue order. */
export const categoriesOf = (set: CatalogueSet): MeasureCategory[] => measureCatalogue().categories.filter((c) => c.set === set);
