/**
 * What announcing a change will do, customer by customer (issue 10 §2): each customer reached,
 * its dates under its own authorisation model, what its contract says about the change (transfers
 * outside the EEA it has not authorised), whether anyone will hear of it (contacts), and the notice
 * as it will be sent. The announce preview shows it; announcing writes exactly this.
 */
import type { Db, Row } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { conflict, invalid, notFound } from '../../shared/errors.ts';
import { type CustomerView, listCustomers } from '../customers/customers.queries.ts';
import { listEngagements } from '../registry/registry.queries.ts';
import { assessCountry } from '../transfers/assess-engagements.ts';
import { countryName } from '../vocab/vocab.ts';
import { listUrl } from './change-audience.ts';
import { type ChangeOperation, customerTouched, parseOperations, touchedBy, type Touched } from './change-operations.ts';
import { buildNoticeFacts, type NoticeFacts } from './notice-facts.ts';
import { customerDates } from './notice-dates.ts';
import { periodLabel } from '../periods/period.ts';
import { addDays, dateInZone, startOfDayInZone } from '../periods/zoned-dates.ts';
import { type RenderedMessage, renderAnnouncement } from './render-notices.ts';

export interface CustomerPlan {
  customer: CustomerView;
  authorisation: 'general' | 'specific';
  /** The customer's own date; under specific authorisation the proposed date (and then only with consent). */
  effectiveDate: string;
  effectiveAt: Date;
  /** Last day to object (general authorisation); under specific authorisation there is none. */
  lastDayToObject: string | null;
  /** Stored as the row's window end: the day before the effective date. */
  windowEndsOn: string;
  noticeEndsOn: string | null;
  /** Sentences about this customer's contract, shown to it in its notice, response page and portal. */
  contractFlags: string[];
  /** Things the operator should know before announcing (no contact, a date later than proposed, a flag). */
  warnings: string[];
}

export interface AnnouncementPlan {
  change: Row<'changes'>;
  workspace: Row<'workspaces'>;
  operations: ChangeOperation[];
  touched: Touched;
  facts: NoticeFacts;
  /** The registry's instant of change: the proposed date's start in the workspace's zone. */
  effectiveAt: Date;
  customers: CustomerPlan[];
  warnings: string[];
}

/** A transfer outside the EEA this change would make with a customer's data that its contract does not authorise. */
export interface TransferConflict {
  name: string;
  /** Country names. */
  countries: string[];
}

/** The transfers outside the EEA the change's new or changed engagements would make with this customer's data, if its contract does not authorise them. */
export function transferConflicts(customer: CustomerView, operations: ChangeOperation[], names: Map<string, string>, date: string): TransferConflict[] {
  if (customer.transfersAuthorised !== false) return [];
  const out: TransferConflict[] = [];
  for (const o of operations) {
    if (o.op === 'remove' || o.engagement.context !== 'processor') continue;
    const g = o.engagement;
    if (!customerTouched(customer, { all: g.services.length === 0 && g.regions.length === 0, services: g.services, regions: g.regions })) continue;
    const outside = g.countries.filter((c) => assessCountry(c, g.transferMechanisms, date).status !== 'intra_eea');
    if (outside.length) out.push({ name: names.get(g.entityId) ?? 'A sub-processor', countries: outside.map(countryName) });
  }
  return out;
}

/** The sentence the customer reads about such a transfer (its notice, response page and portal). */
export const conflictFlag = (t: TransferConflict): string =>
  `Your contract does not authorise transfers of your data outside the EEA. ${t.name} would process it in ${t.countries.join(', ')}: this needs your prior written authorisation.`;

/** The dates of one customer: under general authorisation its notice period counts; under specific, only the proposed date and its consent. */
export function planDates(customer: CustomerView, announcedAt: Date, proposedDate: string): Pick<CustomerPlan, 'effectiveDate' | 'effectiveAt' | 'lastDayToObject' | 'windowEndsOn' | 'noticeEndsOn'> {
  if (customer.authorisation === 'specific') {
    const today = dateInZone(announcedAt, customer.effectiveTimeZone);
    const effectiveDate = proposedDate > today ? proposedDate : addDays(today, 1);
    return { effectiveDate, effectiveAt: startOfDayInZone(effectiveDate, customer.effectiveTimeZone), lastDayToObject: null, windowEndsOn: addDays(effectiveDate, -1), noticeEndsOn: null };
  }
  const d = customerDates({ announcedAt, period: customer.effectiveNoticePeriod, timeZone: customer.effectiveTimeZone, proposedDate, calendar: customer.calendar });
  return { effectiveDate: d.effectiveDate, effectiveAt: d.effectiveAt, lastDayToObject: d.windowEndsOn, windowEndsOn: d.windowEndsOn, noticeEndsOn: d.noticeEndsOn };
}

/** Plans the announcement of a draft as of now; refuses what announcing would refuse. */
export async function planAnnouncement(tx: { db: Db; clock: Clock }, workspaceId: string, row: Row<'changes'>): Promise<AnnouncementPlan> {
  if (row.status !== 'draft') throw conflict(`the change is ${row.status.replace('_', ' ')}, not a draft`, 'change_not_draft');
  const workspace = await tx.db.selectFrom('workspaces').selectAll().where('id', '=', workspaceId).executeTakeFirst();
  if (!workspace) throw notFound('workspace');
  const now = tx.clock.now();
  const today = dateInZone(now, workspace.time_zone);
  if (row.proposed_date <= today) throw invalid('proposedDate', `must be after today (${today} in ${workspace.time_zone}): a change is announced before it starts`);
  const issues: { field: string; message: string }[] = [];
  // The registry may have moved since the draft was written: check the operations again.
  const operations = await parseOperations(tx.db, workspaceId, JSON.parse(row.operations), issues);
  if (issues.length) throw invalid(issues);
  const current = new Map((await listEngagements(tx.db, workspaceId)).map((g) => [g.id, g]));
  const touched = touchedBy(operations, current);
  const facts = await buildNoticeFacts(tx.db, workspace, { title: row.title, reason: row.reason, proposedDate: row.proposed_date }, operations, touched);
  const entities = await tx.db.selectFrom('entities').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute();
  const names = new Map(entities.map((e) => [e.id, e.name]));
  const customers = (await listCustomers(tx.db, workspaceId)).filter((c) => customerTouched(c, touched)).map((customer): CustomerPlan => {
    const dates = planDates(customer, now, row.proposed_date);
    const conflicts = transferConflicts(customer, operations, names, row.proposed_date);
    const warnings: string[] = [];
    if (customer.contacts.length === 0) warnings.push(`${customer.name} has no contact: no one there will be told by e-mail (only its webhooks, if any).`);
    if (dates.effectiveDate > row.proposed_date) warnings.push(`${customer.name}: ${periodLabel(customer.effectiveNoticePeriod)}' notice puts its date at ${dates.effectiveDate}`);
    for (const t of conflicts) warnings.push(`${customer.name}: its contract does not authorise transfers outside the EEA, and ${t.name} would process its data in ${t.countries.join(', ')}.`);
    return { customer, authorisation: customer.authorisation, ...dates, contractFlags: conflicts.map(conflictFlag), warnings };
  });
  return { change: row, workspace, operations, touched, facts, effectiveAt: startOfDayInZone(row.proposed_date, workspace.time_zone), customers, warnings: customers.flatMap((c) => c.warnings) };
}

/** A customer's notice as it will be sent (the preview shows it with a placeholder link). */
export function customerNotice(plan: AnnouncementPlan, c: CustomerPlan, publicUrl: string, respond: string): RenderedMessage {
  return renderAnnouncement(plan.facts, {
    customerName: c.customer.name, authorisation: c.authorisation, effectiveDate: c.effectiveDate, windowEndsOn: c.lastDayToObject ?? undefined,
    respondUrl: respond, listUrl: listUrl(publicUrl, plan.workspace.slug), contractFlags: c.contractFlags,
  });
}
