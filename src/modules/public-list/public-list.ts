/**
 * The public sub-processor list as published: one shape that every public output (page, JSON,
 * CSV, Atom, JSON-LD) is derived from. Pure functions over an immutable list version — no I/O.
 */
import type { ListVersion } from '../publishing/list-versions.queries.ts';
import type { Snapshot, SnapshotItem } from '../publishing/snapshot.ts';
import { type EngagementContext, type EngagementKind, type EngagementRole, KIND_LABELS, KINDS, type TransferMechanism } from '../vocab/vocab.ts';
import type { WorkspaceView } from '../workspaces/workspaces.ts';

export interface PublicListItem {
  name: string;
  legalName: string | null;
  role: EngagementRole;
  kind: EngagementKind;
  purpose: string;
  /** Service names (not slugs). */
  services: string[];
  /** Region slugs. */
  regions: string[];
  /** ISO 3166-1 alpha-2 codes. */
  countries: string[];
  /** fideslang data category keys. */
  dataCategories: string[];
  transferMechanisms: TransferMechanism[];
  context: EngagementContext;
}

export interface PublicList {
  /** Workspace slug. */
  workspace: string;
  version: number;
  /** YYYY-MM-DD. */
  currentAsOf: string;
  subprocessors: PublicListItem[];
}

export interface PublicListFilter {
  /** Service slug. */
  service?: string;
  /** Region slug. */
  region?: string;
  /** ISO country code, any case. */
  country?: string;
}

export interface ItemGroup {
  key: string;
  label: string;
  items: SnapshotItem[];
}

/** Key of the group holding engagements with no service; cannot clash with a slug (slugs have no "_"). */
export const OTHER_GROUP_KEY = '_other';
export const OTHER_GROUP_LABEL = 'Other';

/** The public URLs of a workspace's list, from the instance's public base URL. */
export function publicListUrls(baseUrl: string, slug: string) {
  const root = `${baseUrl.replace(/\/+$/, '')}/w/${encodeURIComponent(slug)}`;
  const page = `${root}/subprocessors`;
  return {
    page, atom: `${page}.atom`, jsonld: `${page}.jsonld`, json: `${page}.json`, csv: `${page}.csv`, history: `${page}/history`,
    /** The public page of one announced change. */
    change: (id: string) => `${root}/changes/${encodeURIComponent(id)}`,
  };
}

/** The published list of a version, in snapshot order, with service slugs resolved to names. */
export function presentPublicList(workspace: WorkspaceView, version: ListVersion): PublicList {
  const { snapshot } = version;
  const serviceNames = new Map(snapshot.services.map((s) => [s.slug, s.name]));
  return {
    workspace: workspace.slug,
    version: version.version,
    currentAsOf: version.currentAsOf,
    subprocessors: snapshot.items.map((i) => ({
      name: i.name,
      legalName: i.legalName ?? null,
      role: i.role,
      kind: i.kind,
      purpose: i.purpose,
      services: i.services.map((slug) => serviceNames.get(slug) ?? slug),
      regions: [...i.regions],
      countries: [...i.countries],
      dataCategories: [...i.dataCategories],
      transferMechanisms: [...i.transferMechanisms],
      context: i.context,
    })),
  };
}

/** Engagements matching every given filter (empty or missing filters match all), in snapshot order. */
export function filterItems(snapshot: Snapshot, filter: PublicListFilter): SnapshotItem[] {
  const service = filter.service || undefined;
  const region = filter.region || undefined;
  const country = filter.country?.trim().toUpperCase() || undefined;
  return snapshot.items.filter((i) =>
    (!service || i.services.includes(service))
    && (!region || i.regions.includes(region))
    && (!country || i.countries.some((c) => c.toUpperCase() === country)));
}

/**
 * Groups engagements for display. By kind: affiliates, infrastructure, third parties. By service:
 * one group per snapshot service in snapshot order (an engagement appears under each of its
 * services), then "Other" for engagements with no (known) service, so none is lost. Empty groups
 * are left out in both modes. `items` defaults to the whole snapshot; pass `filterItems(...)` to group a filtered list.
 */
export function groupItems(snapshot: Snapshot, groupBy: WorkspaceView['groupBy'], items: readonly SnapshotItem[] = snapshot.items): ItemGroup[] {
  const known = new Set(snapshot.services.map((s) => s.slug));
  const groups: ItemGroup[] = groupBy === 'kind'
    ? KINDS.map((kind) => ({ key: kind, label: KIND_LABELS[kind], items: items.filter((i) => i.kind === kind) }))
    : [
      ...snapshot.services.map((s) => ({ key: s.slug, label: s.name, items: items.filter((i) => i.services.includes(s.slug)) })),
      { key: OTHER_GROUP_KEY, label: OTHER_GROUP_LABEL, items: items.filter((i) => !i.services.some((s) => known.has(s))) },
    ];
  return groups.filter((g) => g.items.length > 0);
}
