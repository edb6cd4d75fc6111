/**
 * What a DPA cannot go out without (issue 10 §5): the processor's particulars for Annex I (legal
 * name, address, contact person and e-mail, signatory), at least one processing activity for
 * Annex II and at least one measure for Annex III. Publishing a version and sending acceptance
 * requests are refused while any is missing (409 `dpa_particulars_missing`), naming each.
 */
import type { Db } from '../../db/schema.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { findWorkspace, type ProcessorParticulars } from '../workspaces/workspaces.ts';

/** The pieces a DPA needs, in the order the annexes print them, each with how the message names it. */
const PARTICULARS: Array<[keyof ProcessorParticulars, string]> = [
  ['legalName', "the processor's legal name"],
  ['address', "the processor's address"],
  ['contactName', "the processor's contact person"],
  ['contactEmail', "the processor's contact e-mail address"],
  ['signatoryName', "the name of the processor's signatory"],
  ['signatoryTitle', "the title of the processor's signatory"],
];

export interface DpaReadinessInput {
  processor: ProcessorParticulars;
  /** Processing activities as processor (for a customer: those of the services it uses). */
  activities: number;
  measures: number;
  /** Set when checking one customer's DPA: its name, for the Annex II message. */
  customerName?: string;
}

/**
 * Every missing piece, as a phrase naming it; empty when the DPA can go out.
 * @example missingDpaParticulars({ processor, activities: 0, measures: 3 }) // ['Annex II: no processing activity is recorded']
 */
export function missingDpaParticulars(d: DpaReadinessInput): string[] {
  const isEmpty = (v: string | null) => v === null || v.trim() === '';
  const missing = PARTICULARS.filter(([k]) => isEmpty(d.processor[k])).map(([, label]) => `Annex I: ${label}`);
  if (d.activities === 0) {
    missing.push(d.customerName
      ? `Annex II: no processing activity applies to the services ${d.customerName} uses`
      : 'Annex II: no processing activity is recorded');
  }
  if (d.measures === 0) missing.push('Annex III: no technical and organisational measure is recorded');
  return missing;
}

/** The 409 a publication or an acceptance request gets while pieces are missing; `data.missing` lists them. */
export function particularsMissing(action: string, missing: string[]): AppError {
  return new AppError('dpa_particulars_missing', 409, `${action} while these are empty: ${missing.join('; ')}. Fill in your organisation's particulars in Settings, and the processing activities and measures.`, { data: { missing } });
}

/** The workspace's readiness: its particulars and whether it has any processor activity and measure. */
export async function workspaceDpaReadiness(db: Db, workspaceId: string): Promise<string[]> {
  const [w, activity, measure] = await Promise.all([
    findWorkspace(db, workspaceId),
    db.selectFrom('processing_activities').select('id').where('workspace_id', '=', workspaceId).where('role', '=', 'processor').limit(1).executeTakeFirst(),
    db.selectFrom('measures').select('id').where('workspace_id', '=', workspaceId).limit(1).executeTakeFirst(),
  ]);
  if (!w) throw notFound('workspace');
  return missingDpaParticulars({ processor: w.processor, activities: activity ? 1 : 0, measures: measure ? 1 : 0 });
}
