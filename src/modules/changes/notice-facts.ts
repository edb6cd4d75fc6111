import { createHash } from 'node:crypto';
import type { Db } from '../../db/schema.ts';
import { countryName, dataCategoryNames, MECHANISM_LABELS, type TransferMechanism } from '../vocab/vocab.ts';
import { listEngagements, listRegions, listServices } from '../registry/registry.queries.ts';
import { assessCountry, workspaceExporter } from '../transfers/assess-engagements.ts';
import { customerTransferFact } from '../customer-view/customer-facts.ts';
import type { ChangeOperation, Touched } from './change-operations.ts';

/** One engagement as a notice describes it: who, for what, where, on which transfer basis. */
export interface NoticeEngagement {
  name: string;
  legalName: string | null;
  entityCountry: string | null;
  contact: string | null;
  purpose: string;
  countries: string[];
  services: string[];
  /** Region names with their data-centre locations. */
  regions: string[];
  transferMechanisms: string[];
  /** Data categories by name ("User Contact Email"); keys such as `user.contact.email` in notices announced before names were used. */
  dataCategories: string[];
  /** The entity's postal address (absent in notices announced before it was given). */
  address?: string | null;
  /** Categories of data subjects, e.g. "End users" (absent in notices announced before they were given). */
  dataSubjectCategories?: string[];
  /** Transfer fact per country on the proposed date, e.g. "United States: Transfer mechanism: none recorded" (absent in notices announced before it existed). */
  transferChecks?: string[];
}

export interface NoticeItem {
  op: ChangeOperation['op'];
  /** The engagement after the change (absent for a removal). */
  after: NoticeEngagement | null;
  /** The engagement before the change (absent for an addition). */
  before: NoticeEngagement | null;
}

/** What every notice of a change says, frozen when it is announced. */
export interface NoticeFacts {
  workspaceName: string;
  workspaceSlug: string;
  title: string;
  reason: string;
  proposedDate: string;
  items: NoticeItem[];
  touched: Touched;
  /** The workspace's accent colour and whether it has a logo, at announcement (absent in notices announced before branding existed). */
  brand?: { colour: string | null; logoVersion: string | null };
}

export const OP_LABELS: Record<ChangeOperation['op'], string> = { add: 'New sub-processor', modify: 'Changed sub-processor', replace: 'Replacement', remove: 'Sub-processor removed' };

/** Builds the facts from the registry as it stands at announcement. */
export async function buildNoticeFacts(db: Db, workspace: { id: string; name: string; slug: string; branding?: { brandColour: string | null; logoDataUri: string | null }; brand_colour?: string | null; logo_data_uri?: string | null }, change: { title: string; reason: string; proposedDate: string }, operations: ChangeOperation[], touched: Touched): Promise<NoticeFacts> {
  const [engagements, services, regions, exporter, entities] = await Promise.all([
    listEngagements(db, workspace.id), listServices(db, workspace.id), listRegions(db, workspace.id), workspaceExporter(db, workspace.id),
    db.selectFrom('entities').select(['id', 'name', 'legal_name', 'country', 'address', 'website', 'contact_email']).where('workspace_id', '=', workspace.id).execute(),
  ]);
  const byId = new Map(engagements.map((g) => [g.id, g]));
  const entityById = new Map(entities.map((e) => [e.id, e]));
  const serviceName = new Map(services.map((s) => [s.slug, s.name]));
  const regionLabel = new Map(regions.map((r) => [r.slug, r.dataCentres.length ? `${r.name} (${r.dataCentres.map((d) => `${d.label}, ${countryName(d.country)}`).join('; ')})` : r.name]));
  const describe = (g: { entityId: string; purpose: string; countries: string[]; services: string[]; regions: string[]; transferMechanisms: TransferMechanism[]; dataCategories: string[]; dataSubjectCategories: string[] }): NoticeEngagement => {
    const e = entityById.get(g.entityId);
    return {
      name: e?.name ?? 'Unknown entity', legalName: e?.legal_name ?? null, entityCountry: e?.country ? countryName(e.country) : null,
      contact: e?.contact_email ?? e?.website ?? null, purpose: g.purpose, countries: g.countries.map(countryName),
      services: g.services.map((s) => serviceName.get(s) ?? s), regions: g.regions.map((r) => regionLabel.get(r) ?? r),
      transferMechanisms: g.transferMechanisms.map((m) => MECHANISM_LABELS[m] ?? m), dataCategories: dataCategoryNames(g.dataCategories),
      address: e?.address ?? null, dataSubjectCategories: [...g.dataSubjectCategories],
      // Customers read neutral facts, never the engine's judgement (customer-view/customer-facts.ts).
      transferChecks: g.countries.map((c) => `${countryName(c)}: ${customerTransferFact(assessCountry(c, g.transferMechanisms, change.proposedDate, exporter), g.transferMechanisms)}`),
    };
  };
  const items = operations.map((o): NoticeItem => {
    const current = o.op === 'add' ? undefined : byId.get(o.engagementId);
    return { op: o.op, before: current ? describe(current) : null, after: o.op === 'remove' ? null : describe(o.engagement) };
  });
  // A WorkspaceView (branding) or a workspaces row (brand_colour, logo_data_uri).
  const colour = workspace.branding?.brandColour ?? workspace.brand_colour ?? null;
  const logo = workspace.branding?.logoDataUri ?? workspace.logo_data_uri ?? null;
  const brand = { colour, logoVersion: logo ? createHash('sha256').update(logo).digest('hex').slice(0, 12) : null };
  return { workspaceName: workspace.name, workspaceSlug: workspace.slug, title: change.title, reason: change.reason, proposedDate: change.proposedDate, items, touched, brand };
}
