/**
 * Extra demo content per area (measures, records of processing, particulars, DPA versions …), run
 * for each demo workspace after its registry and customers exist and before version 1 of its list
 * is published. An area adds one function to the list; each is called once per new demo workspace,
 * in list order. The DPA comes last: publishing it needs the particulars, activities and measures.
 */
import type { Deps, Scope } from '../../shared/deps.ts';
import { seedDemoDpa } from '../dpa/seed-dpa.ts';
import { seedDemoMeasures } from '../measures/seed-measures.ts';
import { seedDemoActivities } from '../records/seed-demo-activities.ts';
import { seedDemoParticulars } from './demo-particulars.ts';
import { seedDemoRequests } from '../requests/demo/seed-demo-requests.ts';
import { seedDemoIncidents } from '../incidents/demo/seed-demo-incidents.ts';
import { seedDemoLegalDemands } from '../legal-demands/demo/seed-demo-legal-demands.ts';

/** `dataDir`: where a seeder may write demo files (the demo systems' databases); absent in some tests. */
export type DemoSeeder = (deps: Deps, scope: Scope, workspaceSlug: string, opts: { dataDir?: string }) => Promise<void>;

export const DEMO_SEEDERS: DemoSeeder[] = [
  seedDemoMeasures,
  seedDemoActivities,
  seedDemoParticulars,
  seedDemoDpa,
  seedDemoRequests,
  seedDemoIncidents,
  seedDemoLegalDemands,
];
