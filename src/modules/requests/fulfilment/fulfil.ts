/**
 * Access and erasure of one person's data in a system described by Fides datasets: the rows
 * reached from their identity (traverse.ts), presented field by field, or masked by category.
 */
import { invalid } from '../../../shared/errors.ts';
import type { Connector, Row } from './connector.ts';
import type { CollectionDef, DatasetDef, DatasetFieldDef } from './dataset.ts';
import { makeMasker, type Strategy, strategyFor } from './masking.ts';
import { connectorIssues, type GraphNode, planTraversal, traverse } from './traverse.ts';

export interface AccessResult {
  collections: Record<string, Row[]>;
  unreachable: string[];
  skipped: string[];
}

/** Dates as ISO text, big integers and bytes as text: the row as JSON can carry it. */
function presentRow(fields: DatasetFieldDef[], row: Row): Row {
  const out: Row = {};
  for (const f of fields) {
    const v = row[f.name];
    out[f.name] = v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? v.toString() : Buffer.isBuffer(v) ? v.toString('base64') : v;
  }
  return out;
}

/** Every annotated field of every row reached from the identities, by `<fides_key>:<collection>`. */
export async function accessRequest(conn: Connector, datasets: DatasetDef[], identities: Record<string, string>): Promise<AccessResult> {
  const plan = planTraversal(datasets, identities);
  if (!plan.seeds.length) throw invalid('--identity', `no collection has a field with fides_meta.identity ${Object.keys(identities).join(' or ')}`);
  const cannot = connectorIssues(conn, plan);
  if (cannot.length) throw invalid(cannot);
  const rows = await traverse(conn, plan, identities);
  const collections: Record<string, Row[]> = {};
  for (const key of plan.order) {
    const node = plan.nodes.get(key) as GraphNode;
    collections[key] = (rows.get(key) ?? []).map((r) => presentRow(node.def.fields, r));
  }
  return { collections, unreachable: plan.unreachable, skipped: plan.skipped };
}

export interface ErasureResult {
  collections: Record<string, { rows: number; fields: string[]; deleted?: true }>;
  /** Fields of reached collections whose categories have no masking rule. */
  untouched: Record<string, string[]>;
  unreachable: string[];
  skipped: string[];
  dryRun: boolean;
  /** Rows `keep` named a reason for: left as they were (neither masked nor deleted). */
  withheld: WithheldRow[];
}

/** A reached row erasure left untouched: its primary key, the fields it would have erased, and why. */
export interface WithheldRow {
  collection: string;
  key: Row;
  fields: string[];
  reason: string;
}

/** Says why a reached row must be kept (a retention rule's key), or null to erase it. */
export type KeepRow = (collection: string, row: Row, def: CollectionDef) => string | null;

interface CollectionWork {
  node: GraphNode;
  masked: { field: DatasetFieldDef; strategy: Strategy }[];
  untouched: string[];
  keys: string[];
}

/**
 * Masks (or, for a collection with `masking_strategy_override: delete`, deletes) the rows reached
 * from the identities, by primary key, in one transaction; `dryRun` reads and counts the same rows
 * without writing. A reached collection with fields to mask but no primary key is refused before
 * anything is read. A row `keep` gives a reason for is left as it was and listed in `withheld`.
 */
export async function eraseRequest(conn: Connector, datasets: DatasetDef[], identities: Record<string, string>, opts: { dryRun?: boolean; salt?: Buffer; keep?: KeepRow } = {}): Promise<ErasureResult> {
  const plan = planTraversal(datasets, identities);
  if (!plan.seeds.length) throw invalid('--identity', `no collection has a field with fides_meta.identity ${Object.keys(identities).join(' or ')}`);
  const work: CollectionWork[] = plan.order.map((key) => {
    const node = plan.nodes.get(key) as GraphNode;
    const masked: CollectionWork['masked'] = [];
    const untouched: string[] = [];
    for (const field of node.def.fields) {
      const strategy = field.primaryKey ? null : strategyFor(field);
      if (strategy) masked.push({ field, strategy });
      else untouched.push(field.name);
    }
    return { node, masked, untouched, keys: node.def.fields.filter((f) => f.primaryKey).map((f) => f.name) };
  });
  const refused = work.filter((w) => (w.masked.length > 0 || w.node.def.deleteOnErase) && w.keys.length === 0);
  if (refused.length) {
    throw invalid(refused.map((w) => ({ field: `--dataset ${w.node.def.dataset}:${w.node.def.name}`, message: 'has fields to erase but no field with fides_meta.primary_key: true, so its rows cannot be updated one by one' })));
  }
  const cannot = connectorIssues(conn, plan, new Map(work.filter((w) => w.node.def.deleteOnErase || w.masked.length).map((w) => [w.node.key, w.node.def.deleteOnErase ? 'delete' : 'update'])));
  if (cannot.length) throw invalid(cannot);
  const mask = makeMasker(opts.salt);
  const run = async () => {
    const rows = await traverse(conn, plan, identities);
    const result: ErasureResult = { collections: {}, untouched: {}, unreachable: plan.unreachable, skipped: plan.skipped, dryRun: opts.dryRun ?? false, withheld: [] };
    const erasable = new Map<string, Row[]>();
    for (const w of work) {
      const fields = w.node.def.deleteOnErase ? w.node.def.fields.map((f) => f.name) : w.masked.map((m) => m.field.name);
      const reached = (rows.get(w.node.key) ?? []).filter((r) => {
        const reason = opts.keep && fields.length ? opts.keep(w.node.key, r, w.node.def) : null;
        if (reason) result.withheld.push({ collection: w.node.key, key: presentRow(w.node.def.fields.filter((f) => f.primaryKey), r), fields, reason });
        return !reason;
      });
      erasable.set(w.node.key, reached);
      if (w.node.def.deleteOnErase) {
        result.collections[w.node.key] = { rows: reached.length, fields: w.node.def.fields.map((f) => f.name), deleted: true };
        continue;
      }
      result.collections[w.node.key] = { rows: w.masked.length ? reached.length : 0, fields: w.masked.map((m) => m.field.name) };
      if (w.untouched.length) result.untouched[w.node.key] = w.untouched;
      if (opts.dryRun || !w.masked.length || !reached.length) continue;
      const set: Record<string, unknown> = {};
      for (const m of w.masked) if (m.strategy.strategy === 'null') set[m.field.name] = null;
      const perRowColumns = w.masked.filter((m) => m.strategy.strategy !== 'null').map((m) => m.field.name);
      await conn.update(w.node.table, {
        keys: w.keys, set, perRowColumns,
        rows: reached.map((r) => ({
          key: w.keys.map((k) => r[k]),
          values: Object.fromEntries(w.masked.filter((m) => m.strategy.strategy !== 'null').map((m) => [m.field.name, mask(m.field, m.strategy, r[m.field.name])])),
        })),
      });
    }
    // Deleted last and in reverse reading order: rows read later usually point at rows read earlier.
    if (!opts.dryRun) {
      for (const w of [...work].reverse()) {
        const reached = erasable.get(w.node.key) ?? [];
        if (w.node.def.deleteOnErase && reached.length) await conn.delete(w.node.table, w.keys, reached.map((r) => w.keys.map((k) => r[k])));
      }
    }
    return result;
  };
  return opts.dryRun ? run() : conn.transaction(run);
}
