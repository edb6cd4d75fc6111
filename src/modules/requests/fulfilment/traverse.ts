/**
 * Follows a dataset graph from a person's identity, the way Fides does: a reference on field F of
 * collection A to `B.g` with `direction: from` means A.F's values come from B.g (B is read first,
 * then A where F IN the values of g); `direction: to` means B is read after A, where g IN the
 * values of F; no direction is followed either way. Each collection is read once, after every
 * collection that feeds it, with one `IN` statement for all its inputs (chunked at CHUNK values),
 * so only rows reached from the identity are ever read.
 */
import type { FieldIssue } from '../../../shared/errors.ts';
import { CHUNK, type Connector, type InTerm, type Row, type TableRef } from './connector.ts';
import { type CollectionDef, collectionKey, type DatasetDef } from './dataset.ts';

export interface GraphNode {
  key: string;
  def: CollectionDef;
  table: TableRef;
}

/** Values of `from.fromField` are looked up in `to.toField`. */
export interface Edge {
  from: string;
  fromField: string;
  to: string;
  toField: string;
}

export interface TraversalPlan {
  nodes: Map<string, GraphNode>;
  edges: Edge[];
  /** Reachable collections in the order they are read. */
  order: string[];
  unreachable: string[];
  /** `skip_processing: true`: neither read nor followed. */
  skipped: string[];
  /** Identity fields of each reachable collection that starts the traversal. */
  seeds: { node: string; field: string; identity: string }[];
}

/** Builds the graph and the reading order; no database access. */
export function planTraversal(datasets: DatasetDef[], identities: Record<string, string>): TraversalPlan {
  const nodes = new Map<string, GraphNode>();
  for (const d of datasets) for (const c of d.collections) nodes.set(collectionKey(c), { key: collectionKey(c), def: c, table: { schema: d.schema, table: c.name, dataset: d.fidesKey } });
  const skipped = [...nodes.values()].filter((n) => n.def.skipProcessing).map((n) => n.key);
  const edges: Edge[] = [];
  for (const n of nodes.values()) {
    if (n.def.skipProcessing) continue;
    for (const f of n.def.fields) {
      for (const r of f.references) {
        const other = `${r.dataset}:${r.collection}`;
        if (!nodes.has(other) || nodes.get(other)?.def.skipProcessing) continue;
        if (r.direction !== 'to') edges.push({ from: other, fromField: r.field, to: n.key, toField: f.name });
        if (r.direction !== 'from') edges.push({ from: n.key, fromField: f.name, to: other, toField: r.field });
      }
    }
  }
  const seeds = [...nodes.values()].filter((n) => !n.def.skipProcessing).flatMap((n) =>
    n.def.fields.filter((f) => f.identity !== null && identities[f.identity] !== undefined).map((f) => ({ node: n.key, field: f.name, identity: f.identity as string })));
  // Breadth-first reachability; the distance breaks ties when a cycle leaves no collection free.
  const distance = new Map<string, number>();
  let frontier = [...new Set(seeds.map((s) => s.node))];
  frontier.forEach((k) => distance.set(k, 0));
  for (let d = 1; frontier.length; d++) {
    const next: string[] = [];
    for (const e of edges) {
      if (frontier.includes(e.from) && !distance.has(e.to)) {
        distance.set(e.to, d);
        next.push(e.to);
      }
    }
    frontier = next;
  }
  const reachable = [...distance.keys()];
  // Kahn's order over data edges and `after`; a node waits for every reachable collection feeding it.
  const preds = new Map<string, Set<string>>(reachable.map((k) => [k, new Set<string>()]));
  for (const e of edges) if (distance.has(e.from) && distance.has(e.to) && e.from !== e.to) preds.get(e.to)?.add(e.from);
  for (const k of reachable) {
    for (const a of nodes.get(k)?.def.after ?? []) {
      const key = a.replace('.', ':');
      if (distance.has(key) && key !== k) preds.get(k)?.add(key);
    }
  }
  const order: string[] = [];
  const left = new Set(reachable);
  while (left.size) {
    const free = [...left].filter((k) => [...(preds.get(k) ?? [])].every((p) => !left.has(p)));
    const pick = free.length ? free : [[...left].sort((a, b) => (distance.get(a) ?? 0) - (distance.get(b) ?? 0))[0] as string];
    for (const k of pick.sort()) {
      order.push(k);
      left.delete(k);
    }
  }
  const unreachable = [...nodes.keys()].filter((k) => !distance.has(k) && !skipped.includes(k));
  return { nodes, edges, order, unreachable, skipped, seeds };
}

/** A value's identity in a Set: type and text, so 1 and "1" stay apart as the database sees them. */
const valueKey = (v: unknown) => `${typeof v}:${v instanceof Date ? v.toISOString() : Buffer.isBuffer(v) ? v.toString('hex') : String(v)}`;

/** The primary key of a row (or the whole row when the collection has none), to count each row once. */
export function rowIdentity(node: GraphNode, row: Row): string {
  const pk = node.def.fields.filter((f) => f.primaryKey);
  const parts = (pk.length ? pk : node.def.fields).map((f) => valueKey(row[f.name]));
  return parts.join('\u0000');
}

/**
 * Reads every row reached from the identities. Collections in a cycle are read again only with
 * values not looked up before, until nothing new is found; an acyclic graph reads each collection
 * once (one statement per CHUNK values).
 */
export async function traverse(conn: Connector, plan: TraversalPlan, identities: Record<string, string>): Promise<Map<string, Row[]>> {
  const rows = new Map<string, Row[]>(plan.order.map((k) => [k, []]));
  const rowSeen = new Map<string, Set<string>>(plan.order.map((k) => [k, new Set()]));
  // Per collection and field: values already looked up, and values waiting to be.
  const looked = new Map<string, Set<string>>();
  const pending = new Map<string, Map<string, unknown[]>>(plan.order.map((k) => [k, new Map()]));
  const offer = (node: string, field: string, v: unknown) => {
    if (v === null || v === undefined) return;
    const id = `${node}.${field}`;
    const seen = looked.get(id) ?? new Set<string>();
    looked.set(id, seen);
    const k = valueKey(v);
    if (seen.has(k)) return;
    seen.add(k);
    const waiting = pending.get(node);
    if (!waiting) return;
    waiting.set(field, [...(waiting.get(field) ?? []), v]);
  };
  for (const s of plan.seeds) offer(s.node, s.field, identities[s.identity]);
  let again = true;
  while (again) {
    again = false;
    for (const key of plan.order) {
      const waiting = pending.get(key) as Map<string, unknown[]>;
      if (!waiting.size) continue;
      const terms: InTerm[] = [...waiting].map(([column, values]) => ({ column, values, ...identityOf(plan, key, column) }));
      waiting.clear();
      const node = plan.nodes.get(key) as GraphNode;
      const columns = node.def.fields.map((f) => f.name);
      const fresh: Row[] = [];
      for (const chunk of chunkTerms(terms)) {
        for (const row of await conn.select(node.table, columns, chunk)) {
          const id = rowIdentity(node, row);
          if (rowSeen.get(key)?.has(id)) continue;
          rowSeen.get(key)?.add(id);
          fresh.push(row);
        }
      }
      rows.get(key)?.push(...fresh);
      for (const e of plan.edges) {
        if (e.from !== key) continue;
        for (const row of fresh) offer(e.to, e.toField, row[e.fromField]);
        if (fresh.length && (pending.get(e.to)?.size ?? 0) > 0 && plan.order.indexOf(e.to) <= plan.order.indexOf(key)) again = true;
      }
    }
  }
  return rows;
}

/** `{ identity }` when the field of the collection is where its traversal starts (an HTTP read may name it). */
function identityOf(plan: TraversalPlan, node: string, field: string): { identity?: string } {
  const seed = plan.seeds.find((s) => s.node === node && s.field === field);
  return seed ? { identity: seed.identity } : {};
}

/**
 * What the connector says it cannot do, as `--connection <collection>` issues, asked before
 * anything is sent: reading each reachable collection by the fields the traversal looks it up by,
 * and `writes` (update or delete) on the collections erasure changes.
 */
export function connectorIssues(conn: Connector, plan: TraversalPlan, writes: Map<string, 'update' | 'delete'> = new Map()): FieldIssue[] {
  if (!conn.refusal) return [];
  const issues: FieldIssue[] = [];
  for (const key of plan.order) {
    const node = plan.nodes.get(key) as GraphNode;
    const lookups = [
      ...plan.seeds.filter((s) => s.node === key).map((s) => ({ column: s.field, identity: s.identity })),
      ...[...new Set(plan.edges.filter((e) => e.to === key && plan.order.includes(e.from)).map((e) => e.toField))].map((column) => ({ column })),
    ];
    const write = writes.get(key);
    const message = conn.refusal(node.table, 'read', lookups) ?? (write ? conn.refusal(node.table, write) : null);
    if (message) issues.push({ field: `--connection ${key}`, message });
  }
  return issues;
}

/** Splits IN terms so that no statement binds more than CHUNK values. */
function chunkTerms(terms: InTerm[]): InTerm[][] {
  const out: InTerm[][] = [];
  let current: InTerm[] = [];
  let size = 0;
  for (const t of terms) {
    for (let i = 0; i < t.values.length;) {
      const take = Math.min(CHUNK - size, t.values.length - i);
      current.push({ ...t, values: t.values.slice(i, i + take) });
      size += take;
      i += take;
      if (size === CHUNK) {
        out.push(current);
        current = [];
        size = 0;
      }
    }
  }
  if (current.length) out.push(current);
  return out;
}
