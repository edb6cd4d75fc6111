import type { Db, Row } from '../../db/schema.ts';
import type { DataCentre, EngagementInput } from './registry.ts';

export interface EntityView {
  id: string;
  name: string;
  legalName: string | null;
  country: string | null;
  address: string | null;
  website: string | null;
  contactEmail: string | null;
  dpoContact: string | null;
  parentEntityId: string | null;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ServiceView {
  id: string;
  slug: string;
  name: string;
  description: string | null;
}

export interface RegionView {
  id: string;
  slug: string;
  name: string;
  provider: string | null;
  providerRegion: string | null;
  dataCentres: DataCentre[];
  backupLocation: string | null;
  backupCountries: string[];
}

/** An engagement as stored: its input fields plus ids, the entity's names and bookkeeping times. */
export interface EngagementView extends EngagementInput {
  id: string;
  entityName: string;
  entityLegalName: string | null;
  createdAt: string;
  updatedAt: string;
}

export const toEntityView = (e: Row<'entities'>): EntityView => ({
  id: e.id, name: e.name, legalName: e.legal_name, country: e.country, address: e.address, website: e.website,
  contactEmail: e.contact_email, dpoContact: e.dpo_contact, parentEntityId: e.parent_entity_id, notes: e.notes,
  createdAt: e.created_at, updatedAt: e.updated_at,
});

export const toServiceView = (s: Row<'services'>): ServiceView => ({ id: s.id, slug: s.slug, name: s.name, description: s.description });

export const toRegionView = (r: Row<'regions'>): RegionView => ({
  id: r.id, slug: r.slug, name: r.name, provider: r.provider, providerRegion: r.provider_region,
  dataCentres: JSON.parse(r.data_centres), backupLocation: r.backup_location, backupCountries: JSON.parse(r.backup_countries),
});

export async function listEntities(db: Db, workspaceId: string): Promise<EntityView[]> {
  const rows = await db.selectFrom('entities').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').execute();
  return rows.map(toEntityView);
}

export async function findEntity(db: Db, workspaceId: string, id: string): Promise<EntityView | undefined> {
  const row = await db.selectFrom('entities').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row && toEntityView(row);
}

export async function listServices(db: Db, workspaceId: string): Promise<ServiceView[]> {
  const rows = await db.selectFrom('services').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('name').execute();
  return rows.map(toServiceView);
}

export async function findService(db: Db, workspaceId: string, id: string): Promise<ServiceView | undefined> {
  const row = await db.selectFrom('services').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row && toServiceView(row);
}

export async function findRegion(db: Db, workspaceId: string, id: string): Promise<RegionView | undefined> {
  const row = await db.selectFrom('regions').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return row && toRegionView(row);
}

export async function listRegions(db: Db, workspaceId: string): Promise<RegionView[]> {
  const rows = await db.selectFrom('regions').selectAll().where('workspace_id', '=', workspaceId).orderBy('position').orderBy('name').execute();
  return rows.map(toRegionView);
}

/** Every engagement of a workspace with its entity name and service/region slugs, in list order. */
export async function listEngagements(db: Db, workspaceId: string, onlyId?: string): Promise<EngagementView[]> {
  let q = db
    .selectFrom('engagements as g')
    .innerJoin('entities as e', 'e.id', 'g.entity_id')
    .selectAll('g')
    .select(['e.name as entity_name', 'e.legal_name as entity_legal_name'])
    .where('g.workspace_id', '=', workspaceId);
  if (onlyId) q = q.where('g.id', '=', onlyId);
  const rows = await q.orderBy('g.position').orderBy('e.name').execute();
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [svc, reg] = await Promise.all([
    db.selectFrom('engagement_services as es').innerJoin('services as s', 's.id', 'es.service_id')
      .select(['es.engagement_id', 's.slug']).where('es.engagement_id', 'in', ids).orderBy('s.position').orderBy('s.slug').execute(),
    db.selectFrom('engagement_regions as er').innerJoin('regions as r', 'r.id', 'er.region_id')
      .select(['er.engagement_id', 'r.slug']).where('er.engagement_id', 'in', ids).orderBy('r.position').orderBy('r.slug').execute(),
  ]);
  const group = (pairs: { engagement_id: string; slug: string }[]) => {
    const m = new Map<string, string[]>();
    for (const p of pairs) m.set(p.engagement_id, [...(m.get(p.engagement_id) ?? []), p.slug]);
    return m;
  };
  const services = group(svc);
  const regions = group(reg);
  return rows.map((g) => ({
    id: g.id, entityId: g.entity_id, entityName: g.entity_name, entityLegalName: g.entity_legal_name,
    role: g.role, kind: g.kind, context: g.context, purpose: g.purpose, section: g.section,
    services: services.get(g.id) ?? [], regions: regions.get(g.id) ?? [],
    countries: JSON.parse(g.countries), dataCategories: JSON.parse(g.data_categories),
    dataSubjectCategories: JSON.parse(g.data_subject_categories), transferMechanisms: JSON.parse(g.transfer_mechanisms),
    certifications: JSON.parse(g.certifications), dpaOnFile: g.dpa_on_file === 1, createdAt: g.created_at, updatedAt: g.updated_at,
  }));
}

export async function findEngagement(db: Db, workspaceId: string, id: string): Promise<EngagementView | undefined> {
  return (await listEngagements(db, workspaceId, id))[0];
}
