import type { Db } from '../../db/schema.ts';
import type { FieldIssue } from '../../shared/errors.ts';
import { type EngagementInput, parseEngagementInput } from '../registry/registry.ts';
import { type EngagementView, listEngagements } from '../registry/registry.queries.ts';
import { isAppError } from '../../shared/errors.ts';

/** What a change does to the registry (CH1). `replace` ends one engagement and starts another. */
export type ChangeOperation =
  | { op: 'add'; engagement: EngagementInput }
  | { op: 'modify'; engagementId: string; engagement: EngagementInput }
  | { op: 'replace'; engagementId: string; engagement: EngagementInput }
  | { op: 'remove'; engagementId: string };

export const OPERATION_KINDS = ['add', 'modify', 'replace', 'remove'] as const;

/** Services and regions a change touches; `all` when an engagement applies to everything. */
export interface Touched {
  all: boolean;
  services: string[];
  regions: string[];
}

/**
 * Reads `operations` from untyped input, collecting problems as `operations[i].field`. Engagement
 * ids must exist now; references inside engagements (entity, services, regions) are checked
 * against the registry too, so an announced change can be applied.
 */
export async function parseOperations(db: Db, workspaceId: string, raw: unknown, issues: FieldIssue[]): Promise<ChangeOperation[]> {
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.push({ field: 'operations', message: 'must be a non-empty list of operations' });
    return [];
  }
  if (raw.length > 100) {
    issues.push({ field: 'operations', message: 'must have at most 100 operations' });
    return [];
  }
  const current = new Map((await listEngagements(db, workspaceId)).map((g) => [g.id, g]));
  const [entities, services, regions] = await Promise.all([
    db.selectFrom('entities').select('id').where('workspace_id', '=', workspaceId).execute(),
    db.selectFrom('services').select('slug').where('workspace_id', '=', workspaceId).execute(),
    db.selectFrom('regions').select('slug').where('workspace_id', '=', workspaceId).execute(),
  ]);
  const known = { entities: new Set(entities.map((e) => e.id)), services: new Set(services.map((s) => s.slug)), regions: new Set(regions.map((r) => r.slug)) };
  const out: ChangeOperation[] = [];
  raw.forEach((item, i) => {
    const at = `operations[${i}]`;
    const o = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
    const op = o.op;
    if (!OPERATION_KINDS.includes(op as never)) {
      issues.push({ field: `${at}.op`, message: `must be one of ${OPERATION_KINDS.join(', ')}` });
      return;
    }
    let engagementId: string | null = null;
    if (op !== 'add') {
      if (typeof o.engagementId !== 'string' || !current.has(o.engagementId)) {
        issues.push({ field: `${at}.engagementId`, message: 'must be an engagement of this workspace' });
        return;
      }
      engagementId = o.engagementId;
    }
    if (op === 'remove') {
      out.push({ op, engagementId: engagementId as string });
      return;
    }
    let engagement: EngagementInput;
    try {
      engagement = parseEngagementInput(o.engagement);
    } catch (e) {
      if (!isAppError(e)) throw e;
      for (const f of (e.data as { fields: FieldIssue[] }).fields) issues.push({ field: `${at}.engagement.${f.field}`, message: f.message });
      return;
    }
    const before = issues.length;
    if (!known.entities.has(engagement.entityId)) issues.push({ field: `${at}.engagement.entityId`, message: 'must be an entity of this workspace' });
    engagement.services.forEach((s, j) => known.services.has(s) || issues.push({ field: `${at}.engagement.services[${j}]`, message: 'must be a service of this workspace' }));
    engagement.regions.forEach((r, j) => known.regions.has(r) || issues.push({ field: `${at}.engagement.regions[${j}]`, message: 'must be a region of this workspace' }));
    if (issues.length > before) return;
    out.push(op === 'add' ? { op, engagement } : { op: op as 'modify' | 'replace', engagementId: engagementId as string, engagement });
  });
  const ids = out.flatMap((o) => (o.op === 'add' ? [] : [o.engagementId]));
  if (new Set(ids).size !== ids.length) issues.push({ field: 'operations', message: 'must not change the same engagement twice' });
  return out;
}

const addScope = (t: Touched, g: { services: string[]; regions: string[] }) => {
  if (g.services.length === 0 && g.regions.length === 0) t.all = true;
  for (const s of g.services) if (!t.services.includes(s)) t.services.push(s);
  for (const r of g.regions) if (!t.regions.includes(r)) t.regions.push(r);
};

/** Everything the change reaches: the new engagements and the ones they change or end. */
export function touchedBy(operations: ChangeOperation[], current: Map<string, EngagementView>): Touched {
  const t: Touched = { all: false, services: [], regions: [] };
  for (const o of operations) {
    if (o.op !== 'add') {
      const g = current.get(o.engagementId);
      if (g) addScope(t, g);
    }
    if (o.op !== 'remove') addScope(t, o.engagement);
  }
  return t;
}

/**
 * Whether a customer's use is touched: a service or a region in common, or — where either side
 * lists none of one kind, which means all of that kind — a match on both kinds. So a customer that
 * lists only its region is touched by an engagement of every region on a service it may use. A
 * customer that lists neither is taken to use everything: it hears about every change rather than
 * miss one.
 */
export function customerTouched(customer: { services: string[]; regions: string[] }, t: Touched): boolean {
  if (t.all) return true;
  if (customer.services.length === 0 && customer.regions.length === 0) return true;
  const overlaps = (mine: string[], theirs: string[]) => mine.some((x) => theirs.includes(x));
  if (overlaps(customer.services, t.services) || overlaps(customer.regions, t.regions)) return true;
  const matches = (mine: string[], theirs: string[]) => mine.length === 0 || theirs.length === 0 || overlaps(mine, theirs);
  return matches(customer.services, t.services) && matches(customer.regions, t.regions);
}
