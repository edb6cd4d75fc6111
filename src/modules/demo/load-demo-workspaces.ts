/**
 * Demo workspaces built by hand from three real published documents (InfluxData's sub-processor
 * list, CloudBlue's sub-processor tables, Scalingo's DPA). The data lives in ./data; Trustroom
 * never reads the source documents at runtime.
 */
import { type Deps, inTransaction, type Scope, SYSTEM_ACTOR } from '../../shared/deps.ts';
import { publishListVersion } from '../publishing/publish-list-version.ts';
import { createCustomer } from '../customers/manage-customers.ts';
import { createEngagement } from '../registry/manage-engagements.ts';
import { createEntity } from '../registry/manage-entities.ts';
import { createRegion } from '../registry/manage-regions.ts';
import { createService } from '../registry/manage-services.ts';
import { createWorkspace, findWorkspaceBySlug } from '../workspaces/workspaces.ts';
import { DEMO_SEEDERS } from './demo-seeders.ts';
import cloudblue from './data/cloudblue.json' with { type: 'json' };
import influxdata from './data/influxdata.json' with { type: 'json' };
import scalingo from './data/scalingo.json' with { type: 'json' };

/** One data file: the inputs of the registry use-cases, engagements naming their entity by `key`. */
interface DemoWorkspaceData {
  workspace: { slug: string; name: string; groupBy: string; exampleSource: string };
  /** The document's "current as of" date; null when the document is undated (the load date is used). */
  currentAsOf: string | null;
  services: object[];
  regions: object[];
  entities: Array<{ key: string } & object>;
  engagements: Array<{ entity: string } & object>;
  /** Fictitious customers (named as such), so notices and objections can be tried. */
  customers?: object[];
}

const DEMO_DATA: DemoWorkspaceData[] = [influxdata, cloudblue, scalingo];

export const DEMO_SLUGS: readonly string[] = DEMO_DATA.map((d) => d.workspace.slug);

const PUBLISH_NOTE = 'Example data from a public document';

async function loadOne(deps: Deps, data: DemoWorkspaceData, ownerUserId: string | null, dataDir?: string): Promise<void> {
  const workspace = await createWorkspace(deps, SYSTEM_ACTOR, data.workspace, ownerUserId);
  const scope: Scope = { workspaceId: workspace.id, actor: SYSTEM_ACTOR };
  for (const service of data.services) await createService(deps, scope, service);
  for (const region of data.regions) await createRegion(deps, scope, region);
  const entityIds = new Map<string, string>();
  for (const { key, ...entity } of data.entities) entityIds.set(key, (await createEntity(deps, scope, entity)).id);
  // In file order: the engagement order is the published list order.
  for (const { entity, ...engagement } of data.engagements) {
    const entityId = entityIds.get(entity);
    if (!entityId) throw new Error(`demo data ${data.workspace.slug}: engagement names unknown entity "${entity}"`);
    await createEngagement(deps, scope, { ...engagement, entityId });
  }
  for (const customer of data.customers ?? []) await createCustomer(deps, scope, customer);
  for (const seed of DEMO_SEEDERS) await seed(deps, scope, data.workspace.slug, { dataDir });
  await publishListVersion(deps, scope, { ...(data.currentAsOf ? { currentAsOf: data.currentAsOf } : {}), note: PUBLISH_NOTE });
}

/**
 * Creates each demo workspace that does not exist yet (by slug), fills its registry and publishes
 * version 1. Existing workspaces are left alone, so loading again is harmless.
 */
export async function loadDemoWorkspaces(deps: Deps, opts: { ownerUserId: string | null; dataDir?: string }): Promise<{ created: string[]; skipped: string[] }> {
  const created: string[] = [];
  const skipped: string[] = [];
  for (const data of DEMO_DATA) {
    if (await findWorkspaceBySlug(deps.db, data.workspace.slug)) {
      skipped.push(data.workspace.slug);
      continue;
    }
    // One transaction per workspace: a failed load leaves nothing half-made behind.
    await inTransaction(deps, (tx) => loadOne(tx as Deps, data, opts.ownerUserId, opts.dataDir));
    created.push(data.workspace.slug);
  }
  return { created, skipped };
}
