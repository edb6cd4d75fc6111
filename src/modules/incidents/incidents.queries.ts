/** Queries of the incidents module (both dialects). */
import type { Db, Row } from '../../db/schema.ts';
import { notFound } from '../../shared/errors.ts';

export async function findIncident(db: Db, workspaceId: string, id: string): Promise<Row<'incidents'> | undefined> {
  return db.selectFrom('incidents').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function getIncident(db: Db, workspaceId: string, id: string): Promise<Row<'incidents'>> {
  const row = await findIncident(db, workspaceId, id);
  if (!row) throw notFound('incident');
  return row;
}

/** The register, most recent awareness first. */
export async function listIncidents(db: Db, workspaceId: string): Promise<Row<'incidents'>[]> {
  return db.selectFrom('incidents').selectAll().where('workspace_id', '=', workspaceId).orderBy('aware_at', 'desc').execute();
}

export async function listIncidentEvents(db: Db, workspaceId: string, incidentId: string): Promise<Row<'incident_events'>[]> {
  return db.selectFrom('incident_events').selectAll().where('workspace_id', '=', workspaceId).where('incident_id', '=', incidentId).orderBy('seq').execute();
}

export async function listIncidentScope(db: Db, workspaceId: string, incidentId: string): Promise<Row<'incident_scope'>[]> {
  return db.selectFrom('incident_scope').selectAll().where('workspace_id', '=', workspaceId).where('incident_id', '=', incidentId).orderBy('kind').orderBy('ref_id').execute();
}

/** Obligations with the customer's name, by due instant (no figure last), then recipient. */
export async function listObligations(db: Db, workspaceId: string, incidentId: string): Promise<Array<Row<'incident_obligations'> & { customer_name: string | null }>> {
  const rows = await db.selectFrom('incident_obligations as o').leftJoin('customers as c', 'c.id', 'o.customer_id')
    .selectAll('o').select('c.name as customer_name')
    .where('o.workspace_id', '=', workspaceId).where('o.incident_id', '=', incidentId).execute();
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return rows.sort((a, b) => (a.due_at === null ? 1 : 0) - (b.due_at === null ? 1 : 0) || cmp(a.due_at ?? '', b.due_at ?? '') || cmp(a.customer_name ?? '', b.customer_name ?? '') || cmp(a.recipient, b.recipient));
}

export async function getObligation(db: Db, workspaceId: string, id: string): Promise<Row<'incident_obligations'>> {
  const row = await db.selectFrom('incident_obligations').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('obligation');
  return row;
}

export async function listFilings(db: Db, workspaceId: string, incidentId: string): Promise<Row<'incident_filings'>[]> {
  return db.selectFrom('incident_filings').selectAll().where('workspace_id', '=', workspaceId).where('incident_id', '=', incidentId).orderBy('sent_at').orderBy('created_at').execute();
}
