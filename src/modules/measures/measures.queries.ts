/**
 * Reads of the catalogue of technical and organisational measures (CU4), with their evidence and
 * whether each review is overdue. File contents are read only by `readEvidenceFile`: lists never
 * carry them.
 */
import type { Db, Row } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { dateInZone } from '../periods/zoned-dates.ts';
import { categoryKeys, findCategory } from './measure-catalogue.ts';
import { isOverdue, nextReviewOn } from './measures.ts';

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
  /** The closest Annex II (SCC 2021/914) category, for grouping a DPA annex; null: none. */
  annexIIKey: string | null;
  annexIILabel: string | null;
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
  createdAt: string;
  updatedAt: string;
}

/** A stored evidence file, for download. */
export interface EvidenceFile {
  fileName: string;
  contentType: string;
  bytes: Buffer;
  sha256: string;
}

const EVIDENCE_COLUMNS = ['id', 'measure_id', 'kind', 'label', 'url', 'file_name', 'content_type', 'byte_size', 'sha256', 'created_at'] as const;

const presentEvidence = (e: Pick<Row<'measure_evidence'>, (typeof EVIDENCE_COLUMNS)[number]>): EvidenceView => ({
  id: e.id, kind: e.kind, label: e.label, url: e.url, fileName: e.file_name, contentType: e.content_type,
  byteSize: e.byte_size === null ? null : Number(e.byte_size), sha256: e.sha256, createdAt: e.created_at,
});

async function loadMeasures(db: Db, workspaceId: string, today: string, onlyId?: string): Promise<MeasureView[]> {
  const rows = await db.selectFrom('measures').selectAll().where('workspace_id', '=', workspaceId)
    .$if(onlyId !== undefined, (b) => b.where('id', '=', onlyId as string)).execute();
  if (rows.length === 0) return [];
  const evidence = await db.selectFrom('measure_evidence').select(EVIDENCE_COLUMNS).where('workspace_id', '=', workspaceId)
    .$if(onlyId !== undefined, (b) => b.where('measure_id', '=', onlyId as string)).orderBy('created_at').orderBy('id').execute();
  const evidenceOf = new Map<string, EvidenceView[]>();
  for (const e of evidence) evidenceOf.set(e.measure_id, [...(evidenceOf.get(e.measure_id) ?? []), presentEvidence(e)]);
  const order = new Map(categoryKeys().map((k, i) => [k, i]));
  // A key the catalogue no longer holds sorts last rather than disappearing.
  const rank = (key: string) => order.get(key) ?? order.size;
  rows.sort((a, b) => rank(a.category) - rank(b.category) || a.category.localeCompare(b.category) || a.position - b.position || a.title.localeCompare(b.title));
  return rows.map((m) => {
    const category = findCategory(m.category);
    const annex = category?.annexII ? findCategory(category.annexII) : undefined;
    const interval = Number(m.review_interval_days);
    return {
      id: m.id, category: m.category, categoryLabel: category?.label ?? m.category,
      annexIIKey: annex?.key ?? null, annexIILabel: annex?.label ?? null,
      title: m.title, description: m.description, owner: m.owner, reviewIntervalDays: interval, lastReviewedOn: m.last_reviewed_on,
      nextReviewOn: nextReviewOn(m.last_reviewed_on, interval), isOverdue: isOverdue(m.last_reviewed_on, interval, today),
      evidence: evidenceOf.get(m.id) ?? [], position: Number(m.position), createdAt: m.created_at, updatedAt: m.updated_at,
    };
  });
}

/** Every measure of a workspace in catalogue order (category, then position), overdue flags as of `today` (YYYY-MM-DD). */
export async function listMeasures(db: Db, workspaceId: string, today: string): Promise<MeasureView[]> {
  return loadMeasures(db, workspaceId, today);
}

/** One measure of the workspace, or undefined (also for another workspace's id). */
export async function findMeasure(db: Db, workspaceId: string, id: string, today: string): Promise<MeasureView | undefined> {
  return (await loadMeasures(db, workspaceId, today, id))[0];
}

/** The stored file of an evidence item of the measure, or undefined (a link, or not found). */
export async function readEvidenceFile(db: Db, workspaceId: string, measureId: string, evidenceId: string): Promise<EvidenceFile | undefined> {
  const row = await db.selectFrom('measure_evidence').select(['kind', 'file_name', 'content_type', 'content_base64', 'sha256'])
    .where('workspace_id', '=', workspaceId).where('measure_id', '=', measureId).where('id', '=', evidenceId).executeTakeFirst();
  if (!row || row.kind !== 'file' || row.content_base64 === null) return undefined;
  return { fileName: row.file_name ?? 'evidence', contentType: row.content_type ?? 'application/octet-stream', bytes: Buffer.from(row.content_base64, 'base64'), sha256: row.sha256 ?? '' };
}

/**
 * The workspace's calendar day: reviews are dated, and fall due, in the workspace's time zone.
 * @example await workspaceToday(db, clock, workspaceId) // '2026-11-23'
 */
export async function workspaceToday(db: Db, clock: Clock, workspaceId: string): Promise<string> {
  const ws = await db.selectFrom('workspaces').select('time_zone').where('id', '=', workspaceId).executeTakeFirst();
  return dateInZone(clock.now(), ws?.time_zone ?? 'UTC');
}
