/**
 * DPA template versions (CU2): types, input parsing and pure rules. A workspace's DPA is a series
 * of versions; one draft at a time is edited, and publishing makes a version immutable.
 */
import type { Row } from '../../db/schema.ts';
import { InputReader } from '../../shared/input.ts';
import { type ChecklistWarning, checkArt28 } from './art28-checklist.ts';
import { placeholderIssues, placeholdersIn } from './placeholders.ts';

export const DPA_BODY_MAX = 100_000;
export const DPA_TITLE_MAX = 200;

/** How long an acceptance link stays valid. */
export const ACCEPTANCE_LINK_DAYS = 30;

export interface DpaVersionInput {
  title: string;
  /** Markdown with `{{placeholders}}`. */
  body: string;
  /** What changed in this version, for the operators and the re-acceptance e-mail. */
  note: string | null;
}

export interface DpaVersionView {
  id: string;
  version: number;
  title: string;
  body: string;
  note: string | null;
  status: 'draft' | 'published';
  /** SHA-256 of the template body, set on publishing. */
  bodySha256: string | null;
  /** Placeholder names the body uses. */
  placeholders: string[];
  /** Art 28(3) terms the body does not cover (rules/art28-checklist.yaml), for operators; empty: none. */
  warnings: ChecklistWarning[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  publishedBy: string | null;
}

export const presentDpaVersion = (v: Row<'dpa_versions'>): DpaVersionView => ({
  id: v.id, version: Number(v.version), title: v.title, body: v.body, note: v.note, status: v.status, bodySha256: v.body_sha256,
  placeholders: placeholdersIn(v.body), warnings: checkArt28(v.body), createdBy: v.created_by, createdAt: v.created_at, updatedAt: v.updated_at,
  publishedAt: v.published_at, publishedBy: v.published_by,
});

/** Parses a draft's fields; an unknown placeholder is a problem with `body` that names it. */
export function parseDpaVersionInput(raw: unknown): DpaVersionInput {
  const r = new InputReader(raw);
  const title = r.text('title', { name: true, required: true, max: DPA_TITLE_MAX });
  const body = r.text('body', { required: true, max: DPA_BODY_MAX });
  const note = r.text('note', { max: 2000 });
  if (body !== null) for (const issue of placeholderIssues(body)) r.problem(issue.field, issue.message);
  return r.done({ title: title as string, body: (body ?? '').replace(/\r\n?/g, '\n'), note });
}
