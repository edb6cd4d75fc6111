import type { Db, Row } from '../../db/schema.ts';
import { type Deps, inTransaction, type Actor } from '../../shared/deps.ts';
import { mapUnique } from '../../db/errors.ts';
import { notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { uniqueSlug } from '../../shared/slugify.ts';
import { EMAIL_PATTERN, InputReader, SLUG_MESSAGE, SLUG_PATTERN } from '../../shared/input.ts';
import { isCountryCode } from '../vocab/vocab.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { readCalendar, readNoticePeriod, readTimeZone } from '../vocab/contract-terms.ts';
import { shortestLengthInDays } from '../periods/period.ts';
import { toWorkspaceBranding, type WorkspaceBranding } from './workspace-branding.ts';

export interface WorkspaceView {
  id: string;
  slug: string;
  name: string;
  groupBy: 'kind' | 'service';
  exampleSource: string | null;
  /** Notice period customers get unless their contract says otherwise (CU1): `30d`, `4w` or `1m`. */
  noticePeriod: string;
  /** Older form of `noticePeriod`: the fewest days it lasts (1 month: 28). */
  noticeDays: number;
  /** ISO 3166-1 or 3166-2 code whose public holidays count periods for customers with no country or subdivision; null: the workspace's country, else weekends only. */
  calendar: string | null;
  /** IANA time zone notice and effective dates are counted in, unless a customer has its own. */
  timeZone: string;
  /** The organisation as a party to its DPAs (Annex I.A). */
  processor: ProcessorParticulars;
  /** Colour, logo and sender of notices (workspace-branding.ts). */
  branding: WorkspaceBranding;
  createdAt: string;
}

/** The processor's particulars for Annex I.A of its DPAs and its records of processing; null until filled in. */
export interface ProcessorParticulars {
  legalName: string | null;
  address: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  contactName: string | null;
  contactEmail: string | null;
  dpoContact: string | null;
  /** The representative in the Union (Art 27), for an organisation established outside it. */
  representative: string | null;
  /** Who signs the DPAs for the organisation (Annex I): name, and title or position. */
  signatoryName: string | null;
  signatoryTitle: string | null;
}

export const toWorkspaceView = (w: Row<'workspaces'>): WorkspaceView => ({
  id: w.id, slug: w.slug, name: w.name, groupBy: w.group_by, exampleSource: w.example_source,
  noticePeriod: w.notice_period ?? `${w.notice_days}d`, noticeDays: w.notice_days, calendar: w.calendar, timeZone: w.time_zone, createdAt: w.created_at,
  processor: {
    legalName: w.legal_name, address: w.address, country: w.country, contactName: w.contact_name, contactEmail: w.contact_email, dpoContact: w.dpo_contact,
    representative: w.representative, signatoryName: w.signatory_name, signatoryTitle: w.signatory_title,
  },
  branding: toWorkspaceBranding(w),
});

export function parseProcessorParticulars(raw: unknown): ProcessorParticulars {
  const r = new InputReader(raw);
  const countryText = r.text('country', { max: 20 });
  const country = countryText !== null && isCountryCode(countryText.toUpperCase()) ? countryText.toUpperCase() : null;
  if (countryText !== null && country === null) r.problem('country', 'must be an ISO 3166-1 alpha-2 country code');
  const contactEmail = r.text('contactEmail', { max: 320 });
  if (contactEmail !== null && !EMAIL_PATTERN.test(contactEmail)) r.problem('contactEmail', 'must be an e-mail address');
  return r.done({
    legalName: r.text('legalName', { name: true, max: 200 }), address: r.text('address', { max: 500 }), country,
    contactName: r.text('contactName', { name: true, max: 200 }), contactEmail: contactEmail?.toLowerCase() ?? null, dpoContact: r.text('dpoContact', { max: 500 }),
    representative: r.text('representative', { max: 500 }), signatoryName: r.text('signatoryName', { name: true, max: 200 }), signatoryTitle: r.text('signatoryTitle', { name: true, max: 200 }),
  });
}

/** Replaces the organisation's particulars as a party to its DPAs (every field; empty clears it). */
export async function updateProcessorParticulars(deps: Deps, actor: Actor, id: string, raw: unknown): Promise<WorkspaceView> {
  const p = parseProcessorParticulars(raw);
  return inTransaction(deps, async (tx) => {
    const before = await findWorkspace(tx.db, id);
    if (!before) throw notFound('workspace');
    await tx.db.updateTable('workspaces').set({
      legal_name: p.legalName, address: p.address, country: p.country, contact_name: p.contactName, contact_email: p.contactEmail, dpo_contact: p.dpoContact,
      representative: p.representative, signatory_name: p.signatoryName, signatory_title: p.signatoryTitle,
    }).where('id', '=', id).execute();
    const after = (await findWorkspace(tx.db, id)) as WorkspaceView;
    await recordAuditEvent(tx, { workspaceId: id, actor, action: 'workspace.particulars_updated', subjectType: 'workspace', subjectId: id, before: before.processor, after: after.processor });
    return after;
  });
}

export interface WorkspaceInput {
  slug: string;
  name: string;
  groupBy: 'kind' | 'service';
  exampleSource: string | null;
  /** Default notice period (`30d`, `4w`, `1m`; `noticeDays` from older clients); null when not given: 30 days for a new workspace, unchanged on update. */
  noticePeriod: string | null;
  /** Holiday calendar (ISO 3166-1 or 3166-2); null clears it (the workspace's country counts); undefined when not given: unchanged. */
  calendar: string | null | undefined;
  /** Default IANA time zone; null when not given: UTC for a new workspace, unchanged on update. */
  timeZone: string | null;
}

/** The period and calendar columns an input sets (notice_days keeps the fewest days the period lasts, for readers of the older column). */
const periodColumns = (input: WorkspaceInput) => ({
  ...(input.noticePeriod === null ? {} : { notice_period: input.noticePeriod, notice_days: shortestLengthInDays(input.noticePeriod) }),
  ...(input.calendar === undefined ? {} : { calendar: input.calendar }),
});

/** `slugOptional`: on creation an empty slug is derived from the name (see uniqueSlug). */
export function parseWorkspaceInput(raw: unknown, slugOptional = false): WorkspaceInput {
  const r = new InputReader(raw);
  return r.done({
    slug: (r.text('slug', { required: !slugOptional, max: 64, pattern: SLUG_PATTERN, patternMessage: SLUG_MESSAGE }) ?? '') as string,
    name: r.text('name', { name: true, required: true, max: 200 }) as string,
    groupBy: r.choice('groupBy', ['kind', 'service'] as const, { fallback: 'kind' }) as 'kind' | 'service',
    exampleSource: r.text('exampleSource', { max: 500 }),
    noticePeriod: readNoticePeriod(r, 'noticePeriod', 'noticeDays'),
    timeZone: readTimeZone(r, 'timeZone'),
    calendar: r.has('calendar') ? readCalendar(r, 'calendar') : undefined,
  });
}

export async function listWorkspaces(db: Db): Promise<WorkspaceView[]> {
  return (await db.selectFrom('workspaces').selectAll().orderBy('slug').execute()).map(toWorkspaceView);
}

export async function findWorkspaceBySlug(db: Db, slug: string): Promise<WorkspaceView | undefined> {
  const row = await db.selectFrom('workspaces').selectAll().where('slug', '=', slug).executeTakeFirst();
  return row && toWorkspaceView(row);
}

export async function findWorkspace(db: Db, id: string): Promise<WorkspaceView | undefined> {
  const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toWorkspaceView(row);
}

/** Creates a workspace (one processor organisation) and makes `ownerUserId` its owner. */
export async function createWorkspace(deps: Deps, actor: Actor, raw: unknown, ownerUserId: string | null): Promise<WorkspaceView> {
  const parsed = parseWorkspaceInput(raw, true);
  return inTransaction(deps, async (tx) => {
    const id = newId();
    const input = parsed.slug ? parsed : { ...parsed, slug: await uniqueSlug(parsed.name, 'workspace', async (slug) =>
      !!(await tx.db.selectFrom('workspaces').select('id').where('slug', '=', slug).executeTakeFirst())) };
    const now = tx.clock.now().toISOString();
    await mapUnique(
      () => tx.db.insertInto('workspaces').values({
        id, slug: input.slug, name: input.name, group_by: input.groupBy, example_source: input.exampleSource, created_at: now,
        ...periodColumns(input), ...(input.timeZone === null ? {} : { time_zone: input.timeZone }),
      }).execute(),
      'slug: a workspace with this slug already exists', 'workspace_exists',
    );
    if (ownerUserId) await tx.db.insertInto('memberships').values({ workspace_id: id, user_id: ownerUserId, role: 'owner', created_at: now }).execute();
    const after = (await findWorkspace(tx.db, id)) as WorkspaceView;
    await recordAuditEvent(tx, { workspaceId: id, actor, action: 'workspace.created', subjectType: 'workspace', subjectId: id, after: { ...after, ownerUserId } });
    return after;
  });
}

/** Changes a workspace's name, slug, public-list grouping and the customers' default notice period, time zone and holiday calendar. */
export async function updateWorkspace(deps: Deps, actor: Actor, id: string, raw: unknown): Promise<WorkspaceView> {
  const input = parseWorkspaceInput(raw);
  return inTransaction(deps, async (tx) => {
    const before = await findWorkspace(tx.db, id);
    if (!before) throw notFound('workspace');
    await mapUnique(
      () => tx.db.updateTable('workspaces').set({
        slug: input.slug, name: input.name, group_by: input.groupBy,
        ...periodColumns(input), ...(input.timeZone === null ? {} : { time_zone: input.timeZone }),
      }).where('id', '=', id).execute(),
      'slug: a workspace with this slug already exists', 'workspace_exists',
    );
    const after = (await findWorkspace(tx.db, id)) as WorkspaceView;
    // Branding has its own events (workspace.branding_updated), without its logo's 100 KB.
    const { branding: _b, ...beforeAudited } = before;
    const { branding: _a, ...afterAudited } = after;
    await recordAuditEvent(tx, { workspaceId: id, actor, action: 'workspace.updated', subjectType: 'workspace', subjectId: id, before: beforeAudited, after: afterAudited });
    return after;
  });
}
