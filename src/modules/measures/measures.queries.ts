/**
 * Reads of the catalogue of technical and organisational measures (CU4), with their evidence and
 * whether each review is overdue.
 * STUB: the interface is fixed; the implementation is being written.
 */
import type { Db } from '../../db/schema.ts';

export interface EvidenceView {
  id: string;
  kind: 'link' | 'file';
  label: string;
  url: string | null;
  fileName: string | null;
  contentType: string | null;
  byteSize: number | null;
  sha256: string | null;
  createdAt: string;
}

export interface MeasureView {
  id: string;
  /** A key of the category catalogue (rules file). */
  category: string;
  categoryLabel: string;
  title: string;
  description: string;
  owner: string | null;
  reviewIntervalDays: number;
  /** YYYY-MM-DD, null: never reviewed. */
  lastReviewedOn: string | null;
  /** YYYY-MM-DD: last review + interval; null when never reviewed (then it is overdue). */
  nextReviewOn: string | null;
  /** Never reviewed, or the next review date is before `today`. */
  isOverdue: boolean;
  evidence: EvidenceView[];
  position: number;
}

/** Every measure of a workspace in catalogue order (category, then position), overdue flags as of `today` (YYYY-MM-DD). */
export async function listMeasures(db: Db, workspaceId: string, today: string): Promise<MeasureView[]> {
  void db; void workspaceId; void today;
  throw new Error('listMeasures: not implemented yet');
}
