/**
 * A workspace with many confirmed subscribers and an `add` change announced to all of them: the
 * fan-out the fault test interrupts and the fan-out benchmark times. Subscribers are inserted
 * directly in bulk (the subscribe flow would send a confirmation to each).
 */
import { announceChange } from '../../src/modules/changes/announce-change.ts';
import { createChange } from '../../src/modules/changes/manage-changes.ts';
import { createEntity } from '../../src/modules/registry/manage-entities.ts';
import { createWorkspace } from '../../src/modules/workspaces/workspaces.ts';
import { type Deps, type Scope, SYSTEM_ACTOR } from '../../src/shared/deps.ts';
import { isoDate } from '../../src/shared/clock.ts';
import { newId } from '../../src/shared/ids.ts';

export interface Fanout {
  scope: Scope;
  changeId: string;
  /** Every subscriber, in insertion order. */
  subscribers: { id: string; email: string }[];
}

/** The address of subscriber `i`: distinct per run so two fixtures never collide. */
const addressOf = (run: string, i: number) => `subscriber-${String(i).padStart(5, '0')}.${run}@fanout.test`;

/** Inserts `count` confirmed subscribers with no filters (they want every change). */
export async function insertConfirmedSubscribers(deps: Deps, workspaceId: string, count: number): Promise<{ id: string; email: string }[]> {
  const run = newId().slice(0, 6).toLowerCase();
  const now = deps.clock.now().toISOString();
  const rows = Array.from({ length: count }, (_, i) => ({
    id: newId(), workspace_id: workspaceId, email: addressOf(run, i), status: 'confirmed' as const, services: '[]', regions: '[]',
    confirm_token_hash: null, unsubscribe_token: `uns_${run}_${i}_${newId()}`, created_at: now, confirmed_at: now, unsubscribed_at: null,
  }));
  // 500 rows × 12 columns stays under both databases' bound-parameter limits.
  for (let i = 0; i < rows.length; i += 500) await deps.db.insertInto('subscribers').values(rows.slice(i, i + 500)).execute();
  return rows.map((r) => ({ id: r.id, email: r.email }));
}

/** Workspace + `count` subscribers + an announced change adding an engagement: `count` messages and `email.send` jobs. */
export async function buildAnnouncedFanout(deps: Deps, count: number): Promise<Fanout> {
  const slug = `fanout-${newId().slice(0, 8).toLowerCase()}`;
  const workspace = await createWorkspace(deps, SYSTEM_ACTOR, { slug, name: `Fan-out ${slug}`, groupBy: 'kind' }, null);
  const scope: Scope = { workspaceId: workspace.id, actor: SYSTEM_ACTOR };
  const entity = await createEntity(deps, scope, { name: 'Example Hosting GmbH', country: 'DE' });
  const subscribers = await insertConfirmedSubscribers(deps, workspace.id, count);
  const proposedDate = isoDate(new Date(deps.clock.now().getTime() + 90 * 86_400_000));
  const change = await createChange(deps, scope, {
    title: 'New hosting provider', reason: 'We add a second data centre for resilience.', proposedDate,
    operations: [{ op: 'add', engagement: { entityId: entity.id, purpose: 'Hosting of the production database', countries: ['DE'], dataCategories: ['user.contact.email'] } }],
  });
  await announceChange(deps, scope, change.id);
  return { scope, changeId: change.id, subscribers };
}
