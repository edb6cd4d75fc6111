/**
 * The record of processing a processor keeps for one customer (Art 30(2)): generated from the
 * customer × the services it uses × the processor activities × the registry.
 */
import type { Db } from '../../db/schema.ts';
import { type CustomerView, findCustomer, listCustomers } from '../customers/customers.queries.ts';
import { listMeasures } from '../measures/measures.queries.ts';
import { assessForCustomer, type TransferFinding } from '../transfers/assess-engagements.ts';
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
  dpoContact: string | null;
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
export async function workspaceParty(db: Db, workspaceId: string): Promise<PartyView> {
  const w = await db.selectFrom('workspaces').select(['name', 'legal_name', 'address', 'country', 'contact_name', 'contact_email', 'dpo_contact'])
    .where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const contact = [w.contact_name, w.contact_email].filter(Boolean).join(', ') || null;
  return { name: w.legal_name ?? w.name, legalName: w.legal_name, address: w.address, country: w.country, contact, dpoContact: w.dpo_contact };
}

/** The general description of measures: title and category, in catalogue order. */
export async function measureSummary(db: Db, workspaceId: string, today: string): Promise<ProcessorRecord['measures']> {
  return (await listMeasures(db, workspaceId, today)).map((m) => ({ category: m.category, categoryLabel: m.categoryLabel, title: m.title }));
}

/** An activity with no services applies to every customer; a customer listing none uses every service. */
export const appliesTo = (activity: ProcessingActivityView, customerServices: string[]): boolean =>
  activity.services.length === 0 || customerServices.length === 0 || activity.services.some((s) => customerServices.includes(s));

interface Shared {
  today: string;
  processor: PartyView;
  activities: ProcessingActivityView[];
  measures: ProcessorRecord['measures'];
}

async function loadShared(db: Db, workspaceId: string, today: string): Promise<Shared> {
  const [processor, activities, measures] = await Promise.all([
    workspaceParty(db, workspaceId), listActivities(db, workspaceId, 'processor'), measureSummary(db, workspaceId, today),
  ]);
  return { today, processor, activities, measures };
}

async function recordFor(db: Db, workspaceId: string, customer: CustomerView, s: Shared): Promise<ProcessorRecord> {
  const contacts = customer.contacts.map((k) => (k.name ? `${k.name} <${k.email}>` : k.email)).join('; ');
  return {
    generatedOn: s.today,
    processor: s.processor,
    controller: {
      customerId: customer.id, name: customer.name, legalName: null, address: customer.address, country: customer.country,
      contact: customer.contactPerson || contacts || null, dpoContact: null,
    },
    activities: s.activities.filter((a) => appliesTo(a, customer.services)),
    transfers: await assessForCustomer(db, workspaceId, customer, s.today),
    measures: s.measures,
    customerServices: customer.services,
  };
}

/** Builds the Art 30(2) record for one customer as of `today` (YYYY-MM-DD); undefined when the customer does not exist. */
export async function buildProcessorRecord(db: Db, workspaceId: string, customerId: string, today: string): Promise<ProcessorRecord | undefined> {
  const customer = await findCustomer(db, workspaceId, customerId);
  if (!customer) return undefined;
  return recordFor(db, workspaceId, customer, await loadShared(db, workspaceId, today));
}

/** The Art 30(2) records for every customer ("each controller on behalf of which the processor is acting"), by customer name. */
export async function buildProcessorRecords(db: Db, workspaceId: string, today: string): Promise<ProcessorRecord[]> {
  const [customers, shared] = await Promise.all([listCustomers(db, workspaceId), loadShared(db, workspaceId, today)]);
  const out: ProcessorRecord[] = [];
  for (const c of customers) out.push(await recordFor(db, workspaceId, c, shared));
  return out;
}
