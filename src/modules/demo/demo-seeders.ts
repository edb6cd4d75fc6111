/**
 * Extra demo content per area (measures, records of processing, DPA versions …), run for each demo
 * workspace after its registry and customers exist and before version 1 is published. An area
 * adds one function to the list; each is called once per new demo workspace, in list order.
 */
import type { Deps, Scope } from '../../shared/deps.ts';
import { seedDemoDpa } from '../dpa/seed-dpa.ts';
import { seedDemoMeasures } from '../measures/seed-measures.ts';
import { seedDemoActivities } from '../records/seed-demo-activities.ts';

export type DemoSeeder = (deps: Deps, scope: Scope, workspaceSlug: string) => Promise<void>;

export const DEMO_SEEDERS: DemoSeeder[] = [
  seedDemoMeasures,
  seedDemoDpa,
  seedDemoActivities,
];
