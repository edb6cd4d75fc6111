/**
 * Reads Fides dataset files (fideslang `dataset:` YAML) into a checked model for the SQL connectors.
 * Field names follow fideslang's Dataset / DatasetCollection / DatasetField / FidesMeta models;
 * `fidesops_meta` is read as `fides_meta`, as fideslang does for older files. Only flat fields
 * (SQL columns) are supported: nested `fields` are refused, naming the path.
 */
import { parse } from 'yaml';
import { type FieldIssue, invalid } from '../../../shared/errors.ts';

export type Direction = 'from' | 'to';

export interface FieldReference {
  dataset: string;
  collection: string;
  field: string;
  /** Absent: the edge is followed both ways, as Fides does for an undirected reference. */
  direction: Direction | null;
}

export interface DatasetFieldDef {
  name: string;
  dataCategories: string[];
  identity: string | null;
  primaryKey: boolean;
  dataType: string | null;
  length: number | null;
  references: FieldReference[];
}

export interface CollectionDef {
  dataset: string;
  name: string;
  fields: DatasetFieldDef[];
  skipProcessing: boolean;
  /** `masking_strategy_override: { strategy: delete }`: erasure deletes the rows instead of masking. */
  deleteOnErase: boolean;
  /** `after`: collections (dataset.collection) queried before this one. */
  after: string[];
}

export interface DatasetDef {
  fidesKey: string;
  name: string | null;
  /** Where it was read: `<file>: dataset[<i>]`, the start of the paths in messages. */
  origin: string;
  /** PostgreSQL schema from `fides_meta.namespace.schema`, else the connection's search path. */
  schema: string | null;
  collections: CollectionDef[];
}

/** Table and column names are put in SQL quoted, and only when they are plain identifiers. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const FIDES_KEY = /^[A-Za-z0-9_.<>-]+$/;
const IDENTIFIER_MESSAGE = 'must be a plain SQL name: letters, digits and _, not starting with a digit';

export const collectionKey = (c: { dataset: string; name: string }) => `${c.dataset}:${c.name}`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads one or more dataset files; every problem is named by file and path (exit 2 on the CLI). */
export function readDatasets(files: { name: string; text: string }[]): DatasetDef[] {
  const issues: FieldIssue[] = [];
  const datasets: DatasetDef[] = [];
  for (const file of files) {
    const problem = (path: string, message: string) => issues.push({ field: `${file.name}: ${path}`, message });
    let doc: unknown;
    try {
      doc = parse(file.text);
    } catch (e) {
      problem('(file)', `is not valid YAML (${(e as Error).message.split('\n')[0]})`);
      continue;
    }
    if (!isObject(doc) || !Array.isArray(doc.dataset)) {
      problem('dataset', 'must be a list of datasets (fideslang `dataset:` format)');
      continue;
    }
    doc.dataset.forEach((d, i) => {
      const ds = readDataset(d, `dataset[${i}]`, problem);
      if (!ds) return;
      ds.origin = `${file.name}: dataset[${i}]`;
      if (datasets.some((o) => o.fidesKey === ds.fidesKey)) problem(`dataset[${i}].fides_key`, `repeats the dataset ${ds.fidesKey}`);
      else datasets.push(ds);
    });
  }
  if (!issues.length) checkReferences(datasets, issues);
  if (issues.length) throw invalid(issues.map((i) => ({ field: `--dataset ${i.field}`, message: i.message })));
  return datasets;
}

type Problem = (path: string, message: string) => void;

function readDataset(d: unknown, path: string, problem: Problem): DatasetDef | null {
  if (!isObject(d)) {
    problem(path, 'must be a mapping');
    return null;
  }
  const fidesKey = d.fides_key;
  if (typeof fidesKey !== 'string' || !FIDES_KEY.test(fidesKey)) {
    problem(`${path}.fides_key`, 'is required: letters, digits, _ . - < >');
    return null;
  }
  const meta = d.fides_meta ?? d.fidesops_meta;
  const namespace = isObject(meta) && isObject(meta.namespace) ? meta.namespace : null;
  let schema: string | null = null;
  if (namespace?.schema !== undefined) {
    if (typeof namespace.schema === 'string' && IDENTIFIER.test(namespace.schema)) schema = namespace.schema;
    else problem(`${path}.fides_meta.namespace.schema`, IDENTIFIER_MESSAGE);
  }
  if (!Array.isArray(d.collections) || d.collections.length === 0) {
    problem(`${path}.collections`, 'must be a non-empty list');
    return null;
  }
  const collections: CollectionDef[] = [];
  d.collections.forEach((c, j) => {
    const col = readCollection(c, fidesKey, `${path}.collections[${j}]`, problem);
    if (!col) return;
    if (collections.some((o) => o.name === col.name)) problem(`${path}.collections[${j}].name`, `repeats the collection ${col.name}`);
    else collections.push(col);
  });
  return { fidesKey, name: typeof d.name === 'string' ? d.name : null, origin: path, schema, collections };
}

function readCollection(c: unknown, dataset: string, path: string, problem: Problem): CollectionDef | null {
  if (!isObject(c)) {
    problem(path, 'must be a mapping');
    return null;
  }
  if (typeof c.name !== 'string' || !IDENTIFIER.test(c.name)) {
    problem(`${path}.name`, IDENTIFIER_MESSAGE);
    return null;
  }
  const metaKey = c.fides_meta !== undefined ? 'fides_meta' : 'fidesops_meta';
  const meta = c[metaKey];
  let skipProcessing = false;
  let deleteOnErase = false;
  let after: string[] = [];
  if (meta !== undefined && meta !== null) {
    if (!isObject(meta)) problem(`${path}.${metaKey}`, 'must be a mapping');
    else {
      if (meta.skip_processing !== undefined && typeof meta.skip_processing !== 'boolean') problem(`${path}.${metaKey}.skip_processing`, 'must be true or false');
      skipProcessing = meta.skip_processing === true;
      const override = meta.masking_strategy_override;
      if (override !== undefined && override !== null) {
        if (!isObject(override) || override.strategy !== 'delete') problem(`${path}.${metaKey}.masking_strategy_override.strategy`, 'must be delete (the only collection-level override read)');
        else deleteOnErase = true;
      }
      if (meta.after !== undefined && meta.after !== null) {
        if (!Array.isArray(meta.after) || meta.after.some((a) => typeof a !== 'string' || !/^[^.]+\.[^.]+$/.test(a))) problem(`${path}.${metaKey}.after`, 'must be a list of dataset.collection');
        else after = meta.after as string[];
      }
    }
  }
  if (!Array.isArray(c.fields) || c.fields.length === 0) {
    problem(`${path}.fields`, 'must be a non-empty list');
    return null;
  }
  const fields: DatasetFieldDef[] = [];
  c.fields.forEach((f, k) => {
    const field = readField(f, `${path}.fields[${k}]`, problem);
    if (!field) return;
    if (fields.some((o) => o.name === field.name)) problem(`${path}.fields[${k}].name`, `repeats the field ${field.name}`);
    else fields.push(field);
  });
  return { dataset, name: c.name, fields, skipProcessing, deleteOnErase, after };
}

function readField(f: unknown, path: string, problem: Problem): DatasetFieldDef | null {
  if (!isObject(f)) {
    problem(path, 'must be a mapping');
    return null;
  }
  if (typeof f.name !== 'string' || !IDENTIFIER.test(f.name)) {
    problem(`${path}.name`, IDENTIFIER_MESSAGE);
    return null;
  }
  if (Array.isArray(f.fields) && f.fields.length > 0) {
    problem(`${path}.fields`, 'nested fields are not supported: the SQL connectors read flat columns only');
    return null;
  }
  let dataCategories: string[] = [];
  if (f.data_categories !== undefined && f.data_categories !== null) {
    if (!Array.isArray(f.data_categories) || f.data_categories.some((x) => typeof x !== 'string' || !FIDES_KEY.test(x))) problem(`${path}.data_categories`, 'must be a list of data category keys');
    else dataCategories = f.data_categories as string[];
  }
  const metaKey = f.fides_meta !== undefined ? 'fides_meta' : 'fidesops_meta';
  const meta = f[metaKey];
  const field: DatasetFieldDef = { name: f.name, dataCategories, identity: null, primaryKey: false, dataType: null, length: null, references: [] };
  if (meta === undefined || meta === null) return field;
  const mp = `${path}.${metaKey}`;
  if (!isObject(meta)) {
    problem(mp, 'must be a mapping');
    return field;
  }
  if (meta.identity !== undefined && meta.identity !== null) {
    if (typeof meta.identity === 'string' && IDENTIFIER.test(meta.identity)) field.identity = meta.identity;
    else problem(`${mp}.identity`, 'must be an identity type such as email or phone_number');
  }
  if (meta.primary_key !== undefined && meta.primary_key !== null) {
    if (typeof meta.primary_key === 'boolean') field.primaryKey = meta.primary_key;
    else problem(`${mp}.primary_key`, 'must be true or false');
  }
  if (meta.data_type !== undefined && meta.data_type !== null) {
    if (typeof meta.data_type === 'string') field.dataType = meta.data_type;
    else problem(`${mp}.data_type`, 'must be a data type such as string or integer');
  }
  if (meta.length !== undefined && meta.length !== null) {
    if (Number.isInteger(meta.length) && (meta.length as number) > 0) field.length = meta.length as number;
    else problem(`${mp}.length`, 'must be a positive whole number');
  }
  if (meta.references !== undefined && meta.references !== null) {
    if (!Array.isArray(meta.references)) problem(`${mp}.references`, 'must be a list');
    else meta.references.forEach((r, n) => {
      const rp = `${mp}.references[${n}]`;
      if (!isObject(r)) return problem(rp, 'must be a mapping with dataset, field and direction');
      const target = typeof r.field === 'string' ? r.field.split('.') : [];
      const okDataset = typeof r.dataset === 'string' && FIDES_KEY.test(r.dataset);
      const okField = target.length === 2 && IDENTIFIER.test(target[0] as string) && IDENTIFIER.test(target[1] as string);
      const okDirection = r.direction === undefined || r.direction === null || r.direction === 'from' || r.direction === 'to';
      if (!okDataset) problem(`${rp}.dataset`, 'must be the fides_key of a dataset');
      if (!okField) problem(`${rp}.field`, 'must be collection.field');
      if (!okDirection) problem(`${rp}.direction`, 'must be from or to');
      if (okDataset && okField && okDirection) {
        field.references.push({ dataset: r.dataset as string, collection: target[0] as string, field: target[1] as string, direction: (r.direction as Direction | undefined) ?? null });
      }
    });
  }
  return field;
}

/** Every reference and `after` names a collection and field of a dataset given on the command line. */
function checkReferences(datasets: DatasetDef[], issues: FieldIssue[]): void {
  const find = (dataset: string, collection: string) => datasets.find((d) => d.fidesKey === dataset)?.collections.find((c) => c.name === collection);
  // Only called when every file read without problems, so positions are those of the files.
  const where = (d: DatasetDef) => `${d.origin}.`;
  datasets.forEach((d) => {
    d.collections.forEach((c, j) => {
      c.fields.forEach((f, k) => {
        f.references.forEach((r, n) => {
          const path = `${where(d)}collections[${j}].fields[${k}].fides_meta.references[${n}]`;
          const target = find(r.dataset, r.collection);
          if (!datasets.some((o) => o.fidesKey === r.dataset)) issues.push({ field: `${path}.dataset`, message: `names no dataset given with --dataset (${r.dataset})` });
          else if (!target?.fields.some((g) => g.name === r.field)) issues.push({ field: `${path}.field`, message: `names no field of dataset ${r.dataset} (${r.collection}.${r.field})` });
        });
      });
      c.after.forEach((a, n) => {
        const [ds, col] = a.split('.') as [string, string];
        if (!find(ds, col)) issues.push({ field: `${where(d)}collections[${j}].fides_meta.after[${n}]`, message: `names no collection of the datasets given (${a})` });
      });
    });
  });
}
