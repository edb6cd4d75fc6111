/**
 * Demo breach for Scalingo (its DPA, seed 004 §12: "notify the Customer without undue delay after
 * becoming aware of a personal data breach … as information is collected"): unauthorised access at
 * the provider of its osc-fr1 region, which also hosts Scalingo's own customer accounts. The
 * customers on that region are found from the data map, the authority's 72-hour clock runs for
 * Scalingo's own accounts, and the first customer notice is sent. The incident is fictitious.
 */
import type { Deps, Scope } from '../../../shared/deps.ts';
import { notifyCustomer } from '../file-notice.ts';
import { classifyIncident, setIncidentScope } from '../incident-decisions.ts';
import { listObligations } from '../incidents.queries.ts';
import { recordIncident } from '../manage-incidents.ts';

/** The demo seeder for incidents (see demo/demo-seeders.ts). */
export async function seedDemoIncidents(deps: Deps, scope: Scope, workspaceSlug: string): Promise<void> {
  if (workspaceSlug !== 'scalingo') return;
  const region = await deps.db.selectFrom('regions').select('id').where('workspace_id', '=', scope.workspaceId).where('slug', '=', 'osc-fr1').executeTakeFirst();
  if (!region) return;
  const now = deps.clock.now().toISOString();
  const incident = await recordIncident(deps, scope, {
    title: 'Unauthorised access at the osc-fr1 hosting provider (fictitious example)',
    description: "The hosting provider of the osc-fr1 region reported that a storage array was read by an unauthorised party (fictitious example).",
    startedAt: now, awareAt: now, controllerData: true,
    dataCategories: ['user.contact.email', 'user.name'], subjectCategories: ['customers’ end users', 'our account holders'],
    consequences: 'Possible phishing aimed at the people whose addresses were read.',
    measuresTaken: 'Access keys rotated; the provider closed the access path.',
    measuresProposed: 'Encryption at rest of the array’s volumes.',
    contactPoint: 'Data protection officer, dpo@scalingo.example (fictitious)',
  });
  await setIncidentScope(deps, scope, incident.id, { regions: [region.id] });
  await classifyIncident(deps, scope, incident.id, { isBreach: true, reason: 'Personal data was read by an unauthorised party.', highRisk: false });
  const first = (await listObligations(deps.db, scope.workspaceId, incident.id)).find((o) => o.customer_id && o.state === 'open');
  if (first) await notifyCustomer(deps, scope, first.id);
}
