/**
 * What a published list version holds: an immutable copy of the registry at publication time.
 * Public outputs (page, JSON, CSV, Atom, JSON-LD) are all derived from it, never from live rows.
 */
import type { EngagementContext, EngagementKind, EngagementRole, TransferMechanism } from '../vocab/vocab.ts';
import type { DataCentre } from '../registry/registry.ts';

export interface SnapshotItem {
  /** Engagement id: the key of the structural diff. */
  id: string;
  entityId: string;
  name: string;
  legalName: string | null;
  role: EngagementRole;
  kind: EngagementKind;
  context: EngagementContext;
  purpose: string;
  section: string | null;
  /** Service slugs (names are in Snapshot.services). */
  services: string[];
  /** Region slugs. */
  regions: string[];
  countries: string[];
  dataCategories: string[];
  dataSubjectCategories: string[];
  transferMechanisms: TransferMechanism[];
  certifications: string[];
  dpaOnFile: boolean;
}

export interface SnapshotService {
  slug: string;
  name: string;
}

export interface SnapshotRegion {
  slug: string;
  name: string;
  provider: string | null;
  providerRegion: string | null;
  dataCentres: DataCentre[];
  backupLocation: string | null;
  backupCountries: string[];
}

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
