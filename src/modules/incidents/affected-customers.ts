/**
 * The customers whose data an incident touched, from the data map as it was when the incident
 * started: each customer's sub-processors in effect at that instant come from the per-customer
 * view (customer-view), never the live registry, so a sub-processor replaced afterwards still
 * counts for the incident it was part of.
 */
import type { Db, Row } from '../../db/schema.ts';
import { customerTouched } from '../changes/change-operations.ts';
import type { CustomerView } from '../customers/customers.queries.ts';
import { viewCustomersAt } from '../customer-view/view-customer-at.ts';

export interface AffectedCustomer {
  customer: CustomerView;
  /** Engagement ids in effect for it at the start that the scope names (entity or engagement scope). */
  engagementIds: string[];
  /** Why it is affected, e.g. ["entity", "region"]. */
  via: Array<Row<'incident_scope'>['kind']>;
}

/** Customers affected by an incident with this scope, as their state was at `startedAt`. */
export async function affectedCustomers(db: Db, workspaceId: string, startedAt: string, scope: Row<'incident_scope'>[]): Promise<AffectedCustomer[]> {
  if (scope.length === 0) return [];
  const ids = (kind: Row<'incident_scope'>['kind']) => new Set(scope.filter((s) => s.kind === kind).map((s) => s.ref_id));
  const entities = ids('entity');
  const engagements = ids('engagement');
  const [regionRows, serviceRows] = await Promise.all([
    ids('region').size ? db.selectFrom('regions').select('slug').where('workspace_id', '=', workspaceId).where('id', 'in', [...ids('region')]).execute() : [],
    ids('service').size ? db.selectFrom('services').select('slug').where('workspace_id', '=', workspaceId).where('id', 'in', [...ids('service')]).execute() : [],
  ]);
  const regions = regionRows.map((r) => r.slug);
  const services = serviceRows.map((s) => s.slug);
  const out: AffectedCustomer[] = [];
  for (const { customer, view } of await viewCustomersAt(db, workspaceId, new Date(startedAt))) {
    if (customer.createdAt > startedAt) continue; // not a customer yet when it started
    const via = new Set<AffectedCustomer['via'][number]>();
    const hit = view.inEffect.filter((g) => {
      const byEntity = entities.has(g.entityId);
      const byEngagement = engagements.has(g.id);
      if (byEntity) via.add('entity');
      if (byEngagement) via.add('engagement');
      return byEntity || byEngagement;
    });
    if (regions.some((r) => customerTouched(customer, { all: false, services: [], regions: [r] }))) via.add('region');
    if (services.some((s) => customerTouched(customer, { all: false, services: [s], regions: [] }))) via.add('service');
    if (via.size) out.push({ customer, engagementIds: hit.map((g) => g.id), via: [...via].sort() });
  }
  return out;
}
