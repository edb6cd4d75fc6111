/**
 * The record of processing a processor keeps for one customer (Art 30(2)): generated from the
 * customer × the services it uses × the processor activities × the registry.
 * STUB: the interface is fixed; the implementation is being written.
 */
import type { Db } from '../../db/schema.ts';
import type { TransferFinding } from '../transfers/assess-engagements.ts';

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

export interface ProcessingActivityView {
  id: string;
  role: 'controller' | 'processor';
  name: string;
  purposes: string[];
  dataSubjects: string[];
  dataCategories: string[];
  specialCategories: string[];
  recipients: string[];
  legalBasis: string | null;
  nature: string | null;
  frequency: 'continuous' | 'one_off';
  duration: string | null;
  retention: string | null;
  transferSafeguards: string | null;
  /** Service slugs the activity applies to; empty: every service. */
  services: string[];
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
}

/** Builds the Art 30(2) record for one customer as of `today` (YYYY-MM-DD); undefined when the customer does not exist. */
export async function buildProcessorRecord(db: Db, workspaceId: string, customerId: string, today: string): Promise<ProcessorRecord | undefined> {
  void db; void workspaceId; void customerId; void today;
  throw new Error('buildProcessorRecord: not implemented yet');
}
