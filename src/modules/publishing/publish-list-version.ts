import { EventEmitter } from 'node:events';
import { mapUnique } from '../../db/errors.ts';
import type { Db } from '../../db/schema.ts';
import { isoDate, isRealDate } from '../../shared/clock.ts';
import { type Deps, inTransaction, type Scope } from '../../shared/deps.ts';
import { invalid } from '../../shared/errors.ts';
import { newId, sha256 } from '../../shared/ids.ts';
import { InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { listEngagements, listRegions, listServices } from '../registry/registry.queries.ts';
import { diffSnapshots } from './diff-snapshots.ts';
import { findLatestVersion, type ListVersion } from './list-versions.queries.ts';
import type { Snapshot } from './snapshot.ts';

/**
 * Tells this process that a workspace published (after commit), so caches of public outputs drop
 * their copy at once. Other processes sharing PostgreSQL notice through their cache TTL.
 */
export const publications = new EventEmitter<{ published: [workspaceId: string] }>();


/** The registry of a workspace as it stands, in the shape a version stores. */
export async function buildSnapshot(db: Db, workspaceId: string): Promise<Snapshot> {
  const [engagements, services, regions] = await Promise.all([listEngagements(db, workspaceId), listServices(db, workspaceId), listRegions(db, workspaceId)]);
  return {
    items: engagements.map((g) => ({
      id: g.id, entityId: g.entityId, name: g.entityName, legalName: g.entityLegalName, role: g.role, kind: g.kind, context: g.context,
      purpose: g.purpose, section: g.section, services: g.services, regions: g.regions, countries: g.countries,
      dataCategories: g.dataCategories, dataSubjectCategories: g.dataSubjectCategories, transferMechanisms: g.transferMechanisms,
      certifications: g.certifications, dpaOnFile: g.dpaOnFile,
    })),
    services: services.map((s) => ({ slug: s.slug, name: s.name })),
    regions: regions.map(({ id: _id, ...r }) => r),
  };
}

/**
 * The previous version with only the engagements `ids` taken from the registry as it is now (added,
 * changed, or gone if the registry no longer has them); every other published engagement stays as
 * published, and unpublished edits stay unpublished. Order: the registry's, then what it lacks.
 */
export function withOnly(ids: ReadonlySet<string>): (live: Snapshot, previous: Snapshot | null) => Snapshot {
  return (live, previous) => {
    const kept = new Map((previous?.items ?? []).filter((i) => !ids.has(i.id)).map((i) => [i.id, i]));
    const items = live.items.flatMap((i) => (ids.has(i.id) ? [i] : kept.has(i.id) ? [kept.get(i.id)!] : []));
    const placed = new Set(items.map((i) => i.id));
    return { ...live, items: [...items, ...[...kept.values()].filter((i) => !placed.has(i.id))] };
  };
}

/**
 * Publishes the registry as a new immutable list version with its "current as of" date and a
 * changelog computed against the previous version. `compose` publishes something else built from
 * the registry and the previous version (a change applied on its own, without unrelated edits).
 */
export async function publishListVersion(deps: Deps, scope: Scope, raw: unknown = {}, opts: { compose?: (live: Snapshot, previous: Snapshot | null) => Snapshot } = {}): Promise<ListVersion> {
  const r = new InputReader(raw);
  const currentAsOf = r.text('currentAsOf', { max: 10 }) ?? isoDate(deps.clock.now());
  const note = r.text('note', { max: 2000 });
  if (!isRealDate(currentAsOf)) r.problem('currentAsOf', 'must be a date as YYYY-MM-DD');
  r.done(null);
  const published = await inTransaction(deps, async (tx) => {
    const previous = await findLatestVersion(tx.db, scope.workspaceId);
    if (previous && currentAsOf < previous.currentAsOf) {
      throw invalid('currentAsOf', `must not be before the previous version's date (${previous.currentAsOf})`);
    }
    const live = await buildSnapshot(tx.db, scope.workspaceId);
    const snapshot = opts.compose ? opts.compose(live, previous?.snapshot ?? null) : live;
    const changelog = diffSnapshots(previous?.snapshot ?? null, snapshot);
    const version = (previous?.version ?? 0) + 1;
    const snapshotJson = JSON.stringify(snapshot);
    const row = {
      id: newId(), workspace_id: scope.workspaceId, version, current_as_of: currentAsOf, published_at: tx.clock.now().toISOString(),
      published_by: scope.actor.label, note, snapshot: snapshotJson, changelog: JSON.stringify(changelog),
      digest: sha256(`${version}\n${currentAsOf}\n${snapshotJson}`),
    };
    await mapUnique(() => tx.db.insertInto('list_versions').values(row).execute(), 'another version was published at the same time; try again', 'publish_conflict');
    await recordAuditEvent(tx, {
      workspaceId: scope.workspaceId, actor: scope.actor, action: 'list.published', subjectType: 'list_version', subjectId: row.id,
      after: { version, currentAsOf, note, digest: row.digest, changelog },
    });
    return { id: row.id, workspaceId: scope.workspaceId, version, currentAsOf, publishedAt: row.published_at, publishedBy: row.published_by, note, digest: row.digest, snapshot, changelog };
  });
  publications.emit('published', scope.workspaceId);
  return published;
}
