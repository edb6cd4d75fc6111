/**
 * What a published list version holds: an immutable copy of the registry at publication time.
 * Public outputs (page, JSON, CSV, Atom, JSON-LD) are all derived from it, never from live rows.
 */
import type { EngagementView, RegionView, ServiceView } from '../registry/registry.queries.ts';

/**
 * One engagement as published: the engagement's fields (`id` is the key of the structural diff;
 * services and regions are slugs) with the entity's names copied in, without bookkeeping times.
 */
export type SnapshotItem = Omit<EngagementView, 'entityName' | 'entityLegalName' | 'createdAt' | 'updatedAt'> & {
  name: string;
  legalName: string | null;
};

export type SnapshotService = Pick<ServiceView, 'slug' | 'name'>;

export type SnapshotRegion = Omit<RegionView, 'id'>;

export interface Snapshot {
  items: SnapshotItem[];
  services: SnapshotService[];
  regions: SnapshotRegion[];
}

/** The fields a diff compares, with the label shown in changelogs. */
export const DIFF_FIELDS: ReadonlyArray<[keyof SnapshotItem, string]> = [
  ['name', 'name'], ['legalName', 'legal name'], ['role', 'role'], ['kind', 'kind'], ['context', 'context'],
  ['purpose', 'purpose'], ['section', 'section'], ['services', 'services'], ['regions', 'regions'], ['countries', 'countries'],
  ['dataCategories', 'data categories'], ['dataSubjectCategories', 'data subject categories'],
  ['transferMechanisms', 'transfer mechanisms'], ['certifications', 'certifications'], ['dpaOnFile', 'DPA on file'],
];
