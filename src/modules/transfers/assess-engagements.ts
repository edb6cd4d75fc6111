import type { Db } from '../../db/schema.ts';
import { customerTouched } from '../changes/change-operations.ts';
import { type EngagementView, listEngagements } from '../registry/registry.queries.ts';
import type { TransferMechanism } from '../vocab/vocab.ts';
import { assessTransfer, FLOW_MECHANISM_LABELS, isTransfer, type TransferAssessment, type TransferStatus } from './assess-transfer.ts';

/** From best to worst: an engagement's country takes the best status any of its mechanisms gives. */
const RANK: TransferStatus[] = ['intra_eea', 'domestic', 'adequate', 'safeguarded', 'derogation', 'no_valid_basis'];

/**
 * The exporter of the registry's engagements: the workspace's organisation. Swiss and UK
 * organisations (`workspaces.country` CH or GB) export under their own regime; any other, or an
 * unknown country, is read as an exporter in the EEA (null).
 * @example registryExporter(workspace.processor.country) // 'GB', 'CH' or null
 */
export const registryExporter = (country: string | null | undefined): 'CH' | 'GB' | null => (country === 'CH' || country === 'GB' ? country : null);

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

/**
 * The best status any of an engagement's mechanisms gives for one destination country on a date,
 * for `exporter` (registryExporter: 'CH', 'GB', or null for the EEA, the default). With no valid
 * basis, the customer's sentence names every mechanism recorded.
 */
export function assessCountry(country: string, mechanisms: readonly (TransferMechanism | null)[], date: string, exporter: string | null = null): TransferAssessment {
  const results = (mechanisms.length ? mechanisms : [null]).map((mechanism) => assessTransfer({ from: registryExporter(exporter), to: country, date, mechanism, dpfCertified: mechanism === 'dpf' }));
  const best = results.reduce((a, b) => (RANK.indexOf(b.status) < RANK.indexOf(a.status) ? b : a));
  const named = mechanisms.filter((m): m is TransferMechanism => m !== null && m !== 'none');
  if (best.status !== 'no_valid_basis' || named.length < 2) return best;
  return { ...best, customerFact: `Transfer mechanism: ${named.map((m) => FLOW_MECHANISM_LABELS[m]).join('; ')}` };
}

/** The workspace's organisation as exporter of its registry's engagements (see registryExporter). */
export async function workspaceExporter(db: Db, workspaceId: string): Promise<'CH' | 'GB' | null> {
  const ws = await db.selectFrom('workspaces').select('country').where('id', '=', workspaceId).executeTakeFirst();
  return registryExporter(ws?.country);
}

/**
 * Assesses every engagement of the workspace, country by country, as of `date`, with the
 * workspace's organisation as exporter: the best status any of its transfer mechanisms gives there.
 */
export async function assessEngagements(db: Db, workspaceId: string, date: string): Promise<TransferFinding[]> {
  const [engagements, exporter] = await Promise.all([listEngagements(db, workspaceId), workspaceExporter(db, workspaceId)]);
  return assessEngagementList(engagements, date, exporter);
}

/** The same for engagements already loaded (the console overview has them in hand); `exporter` as in assessCountry. */
export function assessEngagementList(engagements: EngagementView[], date: string, exporter: string | null = null): TransferFinding[] {
  return engagements.flatMap((g) => g.countries.map((country) => ({
    ...assessCountry(country, g.transferMechanisms, date, exporter), engagementId: g.id, entityName: g.entityName, purpose: g.purpose, country, services: g.services, regions: g.regions, transferMechanisms: g.transferMechanisms,
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
  const [engagements, exporter] = await Promise.all([listEngagements(db, workspaceId), workspaceExporter(db, workspaceId)]);
  return findingsForCustomer(engagements, customer, date, exporter);
}

/** What a customer uses, as the findings read it. */
export interface CustomerUse {
  services: string[];
  regions: string[];
  transfersAuthorised?: boolean;
}

/** The same for engagements already loaded (a record for every customer loads them once); `exporter` as in assessCountry. */
export function findingsForCustomer(engagements: EngagementView[], customer: CustomerUse, date: string, exporter: string | null = null): TransferFinding[] {
  // Engagements in the controller context process the processor's own data, not the customer's.
  const processing = engagements.filter((g) => g.context === 'processor');
  const mine = assessEngagementList(processing, date, exporter).filter((f) => customerTouched(customer, { all: f.services.length === 0 && f.regions.length === 0, services: f.services, regions: f.regions }));
  if (customer.transfersAuthorised !== false) return mine;
  return mine.map((f) => (isTransfer(f.status) ? { ...f, warnings: [...f.warnings, NOT_AUTHORISED_WARNING] } : f));
}
