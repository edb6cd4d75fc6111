/** Reads of processing activities with the services they apply to, in record order. */
import type { Db, Row } from '../../db/schema.ts';
import type { ProcessingActivityView } from './processor-record.ts';
import type { ActivityRole } from './records.ts';

const list = (json: string): string[] => JSON.parse(json) as string[];

const toView = (a: Row<'processing_activities'>, services: string[]): ProcessingActivityView => ({
  id: a.id, role: a.role, name: a.name, purposes: list(a.purposes), dataSubjects: list(a.data_subjects), dataCategories: list(a.data_categories),
  specialCategories: list(a.special_categories), recipients: list(a.recipients), legalBasis: a.legal_basis, nature: a.nature, frequency: a.frequency,
  duration: a.duration, retention: a.retention, transferSafeguards: a.transfer_safeguards, services, jointControllers: list(a.joint_controllers), position: a.position,
});

async function loadActivities(db: Db, workspaceId: string, o: { role?: ActivityRole | null; id?: string }): Promise<ProcessingActivityView[]> {
  const rows = await db.selectFrom('processing_activities').selectAll().where('workspace_id', '=', workspaceId)
    .$if(Boolean(o.role), (b) => b.where('role', '=', o.role as ActivityRole))
    .$if(o.id !== undefined, (b) => b.where('id', '=', o.id as string))
    .orderBy('role').orderBy('position').orderBy('name').execute();
  if (rows.length === 0) return [];
  // Joined through the activities, so the query holds the same few parameters however many there are.
  const links = await db.selectFrom('processing_activity_services as pas')
    .innerJoin('processing_activities as a', 'a.id', 'pas.activity_id').innerJoin('services as s', 's.id', 'pas.service_id')
    .select(['pas.activity_id', 's.slug']).where('a.workspace_id', '=', workspaceId)
    .$if(o.id !== undefined, (b) => b.where('a.id', '=', o.id as string))
    .orderBy('s.position').orderBy('s.slug').execute();
  const slugsOf = new Map<string, string[]>();
  for (const l of links) slugsOf.set(l.activity_id, [...(slugsOf.get(l.activity_id) ?? []), l.slug]);
  return rows.map((a) => toView(a, slugsOf.get(a.id) ?? []));
}

/**
 * The activities of a workspace, controller ones first, each role in record order.
 * @example listActivities(db, workspaceId, 'processor') // what goes into every customer's Art 30(2) record
 */
export function listActivities(db: Db, workspaceId: string, role?: ActivityRole | null): Promise<ProcessingActivityView[]> {
  return loadActivities(db, workspaceId, { role });
}

/** One activity of the workspace, or undefined (also for another workspace's id). */
export async function findActivity(db: Db, workspaceId: string, id: string): Promise<ProcessingActivityView | undefined> {
  return (await loadActivities(db, workspaceId, { id }))[0];
}
