/**
 * The record of processing a processor keeps for one customer (Art 30(2)): generated from the
 * customer × the services it uses × the processor activities × the registry.
 */
import type { Db } from '../../db/schema.ts';
import { type CustomerView, findCustomer, listCustomers } from '../customers/customers.queries.ts';
import { listMeasures, type MeasureView } from '../measures/measures.queries.ts';
import { type EngagementView, listEngagements } from '../registry/registry.queries.ts';
import { findWorkspace, type WorkspaceView } from '../workspaces/workspaces.ts';
import { notFound } from '../../shared/errors.ts';
import type { TransferFinding } from '../transfers/assess-engagements.ts';
import { findingsInEffect, loadViewContext, type ViewContext, viewFor } from '../customer-view/view-customer-at.ts';
import type { ActivityInput } from './records.ts';
import { listActivities } from './records.queries.ts';

/** A party's particulars (Annex I.A, Art 30(2)(a)). */
export interface PartyView {
  name: string;
  legalName: string | null;
  address: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
  /** Contact person's name, position and contact details, or an address. */
  contact: string | null;
  /** The data protection officer's name and contact details (Art 30(1)(a), 30(2)(a)). */
  dpoContact: string | null;
  /** The representative in the Union (Art 27), for a party established outside it. */
  representative: string | null;
}

/** A stored activity: its input fields, with an id and its place among the activities of its role. */
export interface ProcessingActivityView extends ActivityInput {
  id: string;
  position: number;
}

export interface ProcessorRecord {
  /** YYYY-MM-DD the record was generated for. */
  generatedOn: string;
  processor: PartyView;
  controller: PartyView & { customerId: string };
  /** The processor activities that apply to the services this customer uses. */
  activities: ProcessingActivityView[];
  /** The sub-processors that touch this customer's data, country by country, with their transfer status. */
  transfers: TransferFinding[];
  /** General description of the Art 32(1) measures (Art 30(2)(d)). */
  measures: Array<{ category: string; categoryLabel: string; title: string }>;
  /** Service slugs the customer uses; empty: every service. */
  customerServices: string[];
}

/** The workspace as a party: its particulars for Annex I.A, its name where no legal name is set. */
export function partyOf(w: WorkspaceView): PartyView {
  const p = w.processor;
  const contact = [p.contactName, p.contactEmail].filter(Boolean).join(', ') || null;
  return { name: p.legalName ?? w.name, legalName: p.legalName, address: p.address, country: p.country, contact, dpoContact: p.dpoContact, representative: p.representative };
}

/** The workspace as a party, with its DPO and its representative in the Union. */
export async function workspaceParty(db: Db, workspaceId: string): Promise<PartyView> {
  const w = await findWorkspace(db, workspaceId);
  if (!w) throw notFound('workspace');
  return partyOf(w);
}

/** The general description of measures: title and category, in catalogue order. */
export async function measureSummary(db: Db, workspaceId: string, today: string): Promise<ProcessorRecord['measures']> {
  return summariseMeasures(await listMeasures(db, workspaceId, today));
}

const summariseMeasures = (measures: MeasureView[]): ProcessorRecord['measures'] => measures.map((m) => ({ category: m.category, categoryLabel: m.categoryLabel, title: m.title }));

/** An activity with no services applies to every customer; a customer listing none uses every service. */
export const appliesTo = (activity: ProcessingActivityView, customerServices: string[]): boolean =>
  activity.services.length === 0 || customerServices.length === 0 || activity.services.some((s) => customerServices.includes(s));

/** What every customer's record shares, loaded once however many records are built from it. */
export interface RecordContext {
  today: string;
  workspace: WorkspaceView;
  processor: PartyView;
  /** The processor activities. */
  activities: ProcessingActivityView[];
  measures: MeasureView[];
  engagements: EngagementView[];
  /** What applies to each customer at the record's instant (customer-view): its transfers come from there. */
  view: ViewContext;
}

export async function loadRecordContext(db: Db, workspaceId: string, today: string, at: Date = new Date()): Promise<RecordContext> {
  const [workspace, activities, measures, engagements, view] = await Promise.all([
    findWorkspace(db, workspaceId), listActivities(db, workspaceId, 'processor'), listMeasures(db, workspaceId, today), listEngagements(db, workspaceId),
    loadViewContext(db, workspaceId, at),
  ]);
  if (!workspace) throw notFound('workspace');
  return { today, workspace, processor: partyOf(workspace), activities, measures, engagements, view };
}

/** One customer's Art 30(2) record from the shared context. */
export function recordFor(customer: CustomerView, ctx: RecordContext): ProcessorRecord {
  const contacts = customer.contacts.map((k) => (k.name ? `${k.name} <${k.email}>` : k.email)).join('; ');
  return {
    generatedOn: ctx.today,
    processor: ctx.processor,
    controller: {
      customerId: customer.id, name: customer.name, legalName: null, address: customer.address, country: customer.country,
      contact: customer.contactPerson || contacts || null, dpoContact: customer.dpoContact, representative: customer.representative,
    },
    activities: ctx.activities.filter((a) => appliesTo(a, customer.services)),
    // Only what is in effect for this customer (published, and each change's state for it).
    transfers: findingsInEffect(viewFor(customer, ctx.view), ctx.today),
    measures: summariseMeasures(ctx.measures),
    customerServices: customer.services,
  };
}

/** Builds the Art 30(2) record for one customer as of `today` (YYYY-MM-DD); undefined when the customer does not exist. */
export async function buildProcessorRecord(db: Db, workspaceId: string, customerId: string, today: string, at?: Date): Promise<ProcessorRecord | undefined> {
  const customer = await findCustomer(db, workspaceId, customerId);
  if (!customer) return undefined;
  return recordFor(customer, await loadRecordContext(db, workspaceId, today, at));
}

/** The Art 30(2) records for every customer ("each controller on behalf of which the processor is acting"), by customer name. */
export async function buildProcessorRecords(db: Db, workspaceId: string, today: string, at?: Date): Promise<ProcessorRecord[]> {
  const [customers, ctx] = await Promise.all([listCustomers(db, workspaceId), loadRecordContext(db, workspaceId, today, at)]);
  return customers.map((c) => recordFor(c, ctx));
}
