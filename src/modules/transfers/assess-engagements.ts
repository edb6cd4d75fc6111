import type { Db } from '../../db/schema.ts';
import { customerTouched } from '../changes/change-operations.ts';
import { type EngagementView, listEngagements } from '../registry/registry.queries.ts';
import type { TransferMechanism } from '../vocab/vocab.ts';
import { assessTransfer, type TransferAssessment, type TransferStatus } from './assess-transfer.ts';

/** From best to worst: an engagement's country takes the best status any of its mechanisms gives. */
const RANK: TransferStatus[] = ['intra_eea', 'adequate', 'safeguarded', 'derogation', 'no_valid_basis'];

export interface TransferFinding extends TransferAssessment {
  engagementId: string;
  entityName: string;
  purpose: string;
  country: string;
  services: string[];
  regions: string[];
  /** The engagement's transfer mechanisms, as the registry states them. */
  transferMechanisms: TransferMechanism[];
}

/** The best status any of an engagement's mechanisms gives for one destination country on a date. */
export function assessCountry(country: string, mechanisms: readonly (TransferMechanism | null)[], date: string): TransferAssessment {
  const results = (mechanisms.length ? mechanisms : [null]).map((mechanism) => assessTransfer({ from: null, to: country, date, mechanism, dpfCertified: mechanism === 'dpf' }));
  return results.reduce((a, b) => (RANK.indexOf(b.status) < RANK.indexOf(a.status) ? b : a));
}

/**
 * Assesses every engagement of the workspace, country by country, as of `date`, for an exporter
 * established in the EEA: the best status any of its transfer mechanisms gives there.
 */
export async function assessEngagements(db: Db, workspaceId: string, date: string): Promise<TransferFinding[]> {
  return assessEngagementList(await listEngagements(db, workspaceId), date);
}

/** The same for engagements already loaded (the console overview has them in hand). */
export function assessEngagementList(engagements: EngagementView[], date: string): TransferFinding[] {
  return engagements.flatMap((g) => g.countries.map((country) => ({
    ...assessCountry(country, g.transferMechanisms, date), engagementId: g.id, entityName: g.entityName, purpose: g.purpose, country, services: g.services, regions: g.regions, transferMechanisms: g.transferMechanisms,
  })));
}

/** The findings that need someone's attention: no valid basis, a derogation, or a warning. */
export const needsAttention = (f: TransferFinding): boolean => f.status === 'no_valid_basis' || f.status === 'derogation' || f.warnings.length > 0;

/** The warning a finding outside the EEA carries for a customer that did not authorise such transfers. */
export const NOT_AUTHORISED_WARNING = "This customer's contract does not authorise transfers outside the EEA: get its prior written authority, or keep its data in the EEA.";

/**
 * The findings for one customer: engagements in the processor context (the processor's
 * sub-processors for its customers' data) that touch its services or regions (an engagement with
 * neither touches everyone; a customer listing neither uses everything). When the customer
 * did not authorise transfers outside the EEA, every finding outside it carries a warning: the
 * transfer may be lawful under Chapter V and still break the contract.
 */
export async function assessForCustomer(db: Db, workspaceId: string, customer: CustomerUse, date: string): Promise<TransferFinding[]> {
  return findingsForCustomer(await listEngagements(db, workspaceId), customer, date);
}

/** What a customer uses, as the findings read it. */
export interface CustomerUse {
  services: string[];
  regions: string[];
  transfersAuthorised?: boolean;
}

/** The same for engagements already loaded (a record for every customer loads them once). */
export function findingsForCustomer(engagements: EngagementView[], customer: CustomerUse, date: string): TransferFinding[] {
  // Engagements in the controller context process the processor's own data, not the customer's.
  const processing = engagements.filter((g) => g.context === 'processor');
  const mine = assessEngagementList(processing, date).filter((f) => customerTouched(customer, { all: f.services.length === 0 && f.regions.length === 0, services: f.services, regions: f.regions }));
  if (customer.transfersAuthorised !== false) return mine;
  return mine.map((f) => (f.status === 'intra_eea' ? f : { ...f, warnings: [...f.warnings, NOT_AUTHORISED_WARNING] }));
}
