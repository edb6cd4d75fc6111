/**
 * Filtered reads of the registry for the API: entities by name or country, engagements by service,
 * region, country, kind, role or entity. Registries hold
 * hundreds of rows, so the filters run over the list queries instead of a second set of SQL.
 */
import type { Db } from '../../db/schema.ts';
import {
  type EngagementView, type EntityView, listEngagements, listEntities,
} from './registry.queries.ts';

export interface EntityFilters {
  /** Case-insensitive substring of the name or legal name. */
  q?: string;
  /** ISO 3166-1 alpha-2, any case. */
  country?: string;
}

export interface EngagementFilters {
  /** Service slug. */
  service?: string;
  /** Region slug. */
  region?: string;
  /** ISO 3166-1 alpha-2, any case: one of the countries where the engagement processes data. */
  country?: string;
  kind?: string;
  role?: string;
  entityId?: string;
}

/** The entities of a workspace matching every given filter, by name. */
export async function searchEntities(db: Db, workspaceId: string, f: EntityFilters = {}): Promise<EntityView[]> {
  const q = f.q?.trim().toLowerCase();
  const country = f.country?.trim().toUpperCase();
  return (await listEntities(db, workspaceId)).filter((e) =>
    (!q || e.name.toLowerCase().includes(q) || (e.legalName ?? '').toLowerCase().includes(q)) && (!country || e.country === country));
}

/** The engagements of a workspace matching every given filter, in list order. */
export async function searchEngagements(db: Db, workspaceId: string, f: EngagementFilters = {}): Promise<EngagementView[]> {
  const country = f.country?.trim().toUpperCase();
  return (await listEngagements(db, workspaceId)).filter((g) =>
    (!f.service || g.services.includes(f.service)) && (!f.region || g.regions.includes(f.region)) && (!country || g.countries.includes(country))
    && (!f.kind || g.kind === f.kind) && (!f.role || g.role === f.role) && (!f.entityId || g.entityId === f.entityId));
}

export { findRegion, findService } from './registry.queries.ts';
