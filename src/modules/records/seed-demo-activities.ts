/**
 * Demo seeder: the processing activities of each demo workspace, written from its public
 * document (demo/demo-activities.json), so its records of processing show something real.
 */
import type { Deps, Scope } from '../../shared/deps.ts';
import demo from './demo/demo-activities.json' with { type: 'json' };
import { createActivity } from './manage-activities.ts';

const ACTIVITIES: Record<string, object[] | undefined> = demo as unknown as Record<string, object[] | undefined>;

/** Creates the demo activities of `workspaceSlug` (none for a workspace the file does not name). */
export async function seedDemoActivities(deps: Deps, scope: Scope, workspaceSlug: string): Promise<void> {
  for (const activity of ACTIVITIES[workspaceSlug] ?? []) await createActivity(deps, scope, activity);
}
