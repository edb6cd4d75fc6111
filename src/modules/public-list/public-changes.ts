/**
 * Announced sub-processor changes as the public list shows them: in its Atom feed (one entry per
 * change) and, while not yet in effect, as "upcoming changes" on the list page. Read when the
 * list's cache entry is built, never per request.
 */
import type { Db } from '../../db/schema.ts';
import { type ChangeView, findChange, listAnnouncedChanges } from '../changes/changes.queries.ts';
import { type NoticeItem, OP_LABELS } from '../changes/notice-facts.ts';

export interface PublicChange {
  id: string;
  title: string;
  reason: string;
  proposedDate: string;
  status: 'announced' | 'in_effect';
  announcedAt: string;
  appliedAt: string | null;
  /** One line per item, e.g. "New sub-processor: Mailjet — E-mail delivery (France)". */
  items: string[];
}

/** One line describing an item of a change: operation, entity (and the one it replaces), purpose, places. */
export function summariseNoticeItem(item: Pick<NoticeItem, 'op' | 'before' | 'after'>): string {
  const g = item.after ?? item.before;
  const replaced = item.op === 'replace' && item.before && item.after && item.before.name !== item.after.name ? ` (replaces ${item.before.name})` : '';
  const places = g?.countries.length ? ` (${g.countries.join(', ')})` : '';
  return `${OP_LABELS[item.op]}: ${g?.name ?? 'unknown'}${replaced}${g?.purpose ? ` — ${g.purpose}` : ''}${places}`;
}

/** What of a change is public: never its customers, their responses or the people behind it. */
const toPublicChange = (c: ChangeView): PublicChange => ({
  id: c.id, title: c.title, reason: c.reason, proposedDate: c.proposedDate, status: c.status === 'in_effect' ? 'in_effect' : 'announced',
  announcedAt: c.announcedAt ?? c.createdAt, appliedAt: c.appliedAt, items: (c.notice?.items ?? []).map(summariseNoticeItem),
});

/** Announced and in-effect changes of the workspace, newest announcement first (at most 50). */
export async function listPublicChanges(db: Db, workspaceId: string): Promise<PublicChange[]> {
  return (await listAnnouncedChanges(db, workspaceId)).map(toPublicChange);
}

/** One change as announced publicly, or undefined while it is a draft (or was never announced). */
export async function findPublicChange(db: Db, workspaceId: string, id: string): Promise<PublicChange | undefined> {
  const c = await findChange(db, workspaceId, id);
  return c && (c.status === 'announced' || c.status === 'in_effect') ? toPublicChange(c) : undefined;
}

/** Changes announced and not yet in effect, soonest first. */
export const upcomingChanges = (changes: PublicChange[]): PublicChange[] =>
  changes.filter((c) => c.status === 'announced').sort((a, b) => a.proposedDate.localeCompare(b.proposedDate) || a.title.localeCompare(b.title));
