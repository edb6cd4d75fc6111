/**
 * The record of processing activities the workspace keeps as a controller (Art 30(1)): its own
 * activities (customer accounts, billing, marketing …) with (a) who it is, (b) purposes, (c) data
 * subjects and data, (d) recipients, (e) transfers, (f) erasure limits and (g) measures.
 */
import type { Db } from '../../db/schema.ts';
import { listEngagements } from '../registry/registry.queries.ts';
import { assessEngagementList, type TransferFinding } from '../transfers/assess-engagements.ts';
import { measureSummary, type PartyView, type ProcessingActivityView, type ProcessorRecord, workspaceParty } from './processor-record.ts';
import { listActivities } from './records.queries.ts';

export interface ControllerRecord {
  /** YYYY-MM-DD the record was generated for. */
  generatedOn: string;
  /** (a) The workspace's organisation as controller, with its representative and DPO. */
  controller: PartyView;
  /** (a) The joint controllers named by its activities (Art 26), each once, in record order. */
  jointControllers: string[];
  /** (b)–(d), (f): the activities the workspace carries out as controller, in record order. */
  activities: ProcessingActivityView[];
  /**
   * (e) The engagements the workspace uses as controller (context `controller`), country by
   * country, with their transfer status on `generatedOn`.
   */
  transfers: TransferFinding[];
  /** (g) General description of the Art 32(1) measures. */
  measures: ProcessorRecord['measures'];
}

/** Builds the Art 30(1) record of the workspace as of `today` (YYYY-MM-DD). */
export async function buildControllerRecord(db: Db, workspaceId: string, today: string): Promise<ControllerRecord> {
  const [controller, activities, engagements, measures] = await Promise.all([
    workspaceParty(db, workspaceId), listActivities(db, workspaceId, 'controller'), listEngagements(db, workspaceId), measureSummary(db, workspaceId, today),
  ]);
  const transfers = assessEngagementList(engagements.filter((g) => g.context === 'controller'), today);
  const jointControllers = [...new Set(activities.flatMap((a) => a.jointControllers))];
  return { generatedOn: today, controller, jointControllers, activities, transfers, measures };
}
