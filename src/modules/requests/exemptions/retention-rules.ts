/**
 * Retention exceptions to erasure as data (DSR4): a rule keeps the reached rows it matches, by
 * collection, data categories, a field condition and an age, with its legal basis. Reading and
 * checking rule input, the defaults file, and the per-row decision erasure asks (no I/O here but
 * reading rules/retention-defaults.yaml once).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Row } from '../../../db/schema.ts';
import { InputReader, SLUG_PATTERN, SLUG_MESSAGE } from '../../../shared/input.ts';
import { isDataCategory } from '../../vocab/vocab.ts';
import type { Row as DataRow } from '../fulfilment/connector.ts';
import type { CollectionDef } from '../fulfilment/dataset.ts';
import type { KeepRow } from '../fulfilment/fulfil.ts';

export interface RetentionAppliesTo {
  /** `<fides_key>:<collection>`; empty: any collection. */
  collections: string[];
  /** Fideslang keys; a field of the collection must carry one (or a sub-category). Empty: any. */
  dataCategories: string[];
  where: { field: string; equals: string | number | boolean } | null;
  /** The field holding the row's date, required with retainFor. */
  ageField: string | null;
}

export interface RetentionRuleView {
  id: string;
  key: string;
  label: string;
  legalBasis: string;
  appliesTo: RetentionAppliesTo;
  /** ISO 8601 period (P12M); null: kept as long as the rule is active. */
  retainFor: string | null;
  active: boolean;
  /** Where a default rule comes from (rules/retention-defaults.yaml); null for the workspace's own. */
  source: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RetentionRuleInput {
  key: string;
  label: string;
  legalBasis: string;
  appliesTo: RetentionAppliesTo;
  retainFor: string | null;
}

interface DefaultsFile {
  version: string;
  rules: (Omit<RetentionRuleInput, 'appliesTo'> & { source: string; appliesTo: Partial<RetentionAppliesTo> })[];
}

let defaults: DefaultsFile | undefined;

/** The default rules (rules/retention-defaults.yaml), checked as operator input is. */
export function retentionDefaults(): (RetentionRuleInput & { source: string })[] {
  defaults ??= parse(readFileSync(new URL('./rules/retention-defaults.yaml', import.meta.url), 'utf8')) as DefaultsFile;
  return defaults.rules.map((r) => {
    const { where, ...rest } = r.appliesTo;
    const input = readRetentionRule({ ...r, ...rest, whereField: where?.field, whereEquals: where?.equals }, false) as RetentionRuleInput;
    return { ...input, source: r.source };
  });
}

const PERIOD = /^P(\d{1,4})([YMWD])$/;
const COLLECTION = /^[A-Za-z0-9_.<>-]+:[A-Za-z_][A-Za-z0-9_]*$/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads `{ key, label, legalBasis, collections, dataCategories, whereField, whereEquals, ageField, retainFor }`
 * (forms: strings and comma lists; JSON: typed values). With `partial`, only the fields present.
 */
export function readRetentionRule(raw: unknown, partial: boolean): Partial<RetentionRuleInput> {
  const r = new InputReader(raw);
  const out: Partial<RetentionRuleInput> = {};
  const has = (f: string) => !partial || r.has(f);
  if (has('key')) out.key = r.text('key', { required: true, max: 64, pattern: SLUG_PATTERN, patternMessage: SLUG_MESSAGE }) ?? '';
  if (has('label')) out.label = r.text('label', { required: true, max: 200, name: true }) ?? '';
  if (has('legalBasis')) out.legalBasis = r.text('legalBasis', { required: true, max: 1000 }) ?? '';
  const scopeFields = ['collections', 'dataCategories', 'whereField', 'whereEquals', 'ageField', 'retainFor'];
  if (!partial || scopeFields.some((f) => r.has(f))) {
    const collections = r.list('collections', { each: (s) => (COLLECTION.test(s) ? s : null), eachMessage: 'must be <fides_key>:<collection>', max: 100 });
    const dataCategories = r.list('dataCategories', { each: (s) => (isDataCategory(s) ? s : null), eachMessage: 'must be a fideslang data category key', max: 100 });
    const whereField = r.text('whereField', { max: 64, pattern: FIELD, patternMessage: 'must be a field name (letters, digits and _)' });
    const rawEquals = (raw as Record<string, unknown> | null)?.whereEquals;
    let equals: string | number | boolean | null = null;
    if (typeof rawEquals === 'boolean' || typeof rawEquals === 'number') equals = rawEquals;
    else {
      const s = r.text('whereEquals', { max: 200 });
      equals = s === 'true' ? true : s === 'false' ? false : s;
    }
    if (whereField && equals === null) r.problem('whereEquals', 'is required with whereField');
    if (!whereField && equals !== null) r.problem('whereField', 'is required with whereEquals');
    const ageField = r.text('ageField', { max: 64, pattern: FIELD, patternMessage: 'must be a field name (letters, digits and _)' });
    const retainFor = r.text('retainFor', { max: 10, pattern: PERIOD, patternMessage: 'must be an ISO 8601 period of one unit, e.g. P12M, P10Y, P30D' });
    if (retainFor && !ageField) r.problem('ageField', 'is required with retainFor: the field holding the row\'s date');
    if (!retainFor && ageField) r.problem('retainFor', 'is required with ageField');
    const scopeIssue = r.issues.some((i) => scopeFields.some((f) => i.field.startsWith(f)));
    if (!scopeIssue && !collections.length && !dataCategories.length && !whereField && !retainFor) r.problem('collections', 'give at least one of collections, dataCategories, whereField or retainFor: a rule must not keep every row');
    out.appliesTo = { collections, dataCategories, where: whereField && equals !== null ? { field: whereField, equals } : null, ageField };
    out.retainFor = retainFor;
  }
  return r.done(out);
}

export function presentRetentionRule(row: Row<'dsr_retention_rules'>): RetentionRuleView {
  const source = retentionDefaults().find((d) => d.key === row.key)?.source ?? null;
  return {
    id: row.id, key: row.key, label: row.label, legalBasis: row.legal_basis, appliesTo: JSON.parse(row.applies_to) as RetentionAppliesTo,
    retainFor: row.retain_for, active: Number(row.active) === 1, source, createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

/** `now` minus an ISO 8601 period of one unit, in UTC (months and years by the calendar). */
export function periodBefore(now: Date, period: string): Date {
  const [, n, unit] = PERIOD.exec(period) as unknown as [string, string, string];
  const d = new Date(now.getTime());
  const k = Number(n);
  if (unit === 'Y') d.setUTCFullYear(d.getUTCFullYear() - k);
  else if (unit === 'M') d.setUTCMonth(d.getUTCMonth() - k);
  else d.setUTCDate(d.getUTCDate() - k * (unit === 'W' ? 7 : 1));
  return d;
}

function equalsValue(value: unknown, expected: string | number | boolean): boolean {
  if (value === null || value === undefined) return false;
  if (typeof expected === 'boolean') {
    const truthy = value === true || value === 1 || value === 1n || value === '1' || value === 't' || value === 'true';
    const falsy = value === false || value === 0 || value === 0n || value === '0' || value === 'f' || value === 'false';
    return expected ? truthy : falsy;
  }
  if (typeof expected === 'number') return Number(value) === expected;
  return String(value) === expected;
}

const covers = (rule: string, category: string) => category === rule || category.startsWith(`${rule}.`);

/** Whether an active rule keeps a row of a collection at `now`. */
export function ruleKeeps(rule: Pick<RetentionRuleView, 'appliesTo' | 'retainFor'>, collection: string, def: CollectionDef, row: DataRow, now: Date): boolean {
  const a = rule.appliesTo;
  if (a.collections.length && !a.collections.includes(collection)) return false;
  if (a.dataCategories.length && !def.fields.some((f) => f.dataCategories.some((c) => a.dataCategories.some((r) => covers(r, c))))) return false;
  if (a.where) {
    if (!def.fields.some((f) => f.name === a.where?.field) || !equalsValue(row[a.where.field], a.where.equals)) return false;
  }
  if (rule.retainFor && a.ageField) {
    if (!def.fields.some((f) => f.name === a.ageField)) return false;
    const v = row[a.ageField];
    const at = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : null;
    // A date that cannot be read proves no age: the row is erased rather than kept without basis.
    if (!at || Number.isNaN(at.getTime()) || at <= periodBefore(now, rule.retainFor)) return false;
  }
  return true;
}

/** The erasure `keep` predicate of a workspace's active rules: the first matching rule's key. */
export function retentionKeeper(rules: RetentionRuleView[], now: Date): KeepRow {
  const active = rules.filter((r) => r.active);
  return (collection, row, def) => active.find((r) => ruleKeeps(r, collection, def, row, now))?.key ?? null;
}
