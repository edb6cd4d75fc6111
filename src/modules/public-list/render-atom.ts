/**
 * The list's version history as an Atom 1.0 feed: one entry per published version, with the
 * changelog as content, and one per announced change (its items and proposed date), newest
 * first. Deterministic: every date comes from the input.
 */
import { Feed } from 'feed';
import type { Changelog } from '../publishing/diff-snapshots.ts';
import { summariseChangelog } from '../publishing/diff-snapshots.ts';
import type { ListVersionSummary } from '../publishing/list-versions.queries.ts';
import type { WorkspaceView } from '../workspaces/workspaces.ts';
import type { PublicChange } from './public-changes.ts';
import { publicListUrls } from './public-list.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Characters XML 1.0 does not allow at all; dropped so one stray control byte cannot break the feed. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const clean = (s: string): string => s.replace(NOT_XML, '');

/** For HTML carried in the feed's CDATA sections (entry title, content): escaped here, never raw. */
const escapeHtml = (s: string): string => clean(s).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/**
 * For text elements (feed title, author name), which the feed library escapes itself. It first
 * turns every "&amp;" back into "&" (to avoid double escaping), which would lose a literal "&amp;"
 * typed by a user; doubling that sequence here cancels it out.
 */
const text = (s: string): string => clean(s).replace(/&amp;/g, '&amp;amp;');

/** The HTML content of one entry: the note, then one list item per change. */
function entryContent(v: ListVersionSummary): string {
  const parts: string[] = [];
  if (v.note) parts.push(`<p>${escapeHtml(v.note)}</p>`);
  const c: Changelog = v.changelog;
  const lines = summariseChangelog(c);
  if (v.version === 1 && c.removed.length === 0 && c.changed.length === 0) parts.push('<p>Initial list</p>');
  else if (lines.length === 0) parts.push('<p>No changes to the sub-processors.</p>');
  if (lines.length) parts.push(`<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`);
  return parts.join('\n');
}

/** The HTML content of a change's entry: when, why, and one list item per operation. */
function changeContent(c: PublicChange): string {
  const when = c.status === 'in_effect' ? `In effect since ${c.proposedDate}.` : `Proposed to take effect on ${c.proposedDate}.`;
  return [`<p>${escapeHtml(when)}</p>`, `<p>${escapeHtml(c.reason)}</p>`, c.items.length ? `<ul>${c.items.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '']
    .filter(Boolean).join('\n');
}

/** When a change's entry last changed: announced, then in effect. */
const changeUpdated = (c: PublicChange): string => c.appliedAt ?? c.announcedAt;

/**
 * Ids of the feed and its entries: URNs from the workspace's id and the version number or change
 * id, so moving the instance to another public URL (or a slug rename) never makes feed readers
 * see every entry again as new. Links, which must be absolute, still use the public URL.
 */
export const atomIds = {
  feed: (workspaceId: string) => `urn:trustroom:workspace:${workspaceId}:list`,
  version: (workspaceId: string, version: number) => `urn:trustroom:workspace:${workspaceId}:list:version:${version}`,
  change: (workspaceId: string, changeId: string) => `urn:trustroom:workspace:${workspaceId}:change:${changeId}`,
};

export function renderAtom(workspace: WorkspaceView, versions: ListVersionSummary[], baseUrl: string, changes: PublicChange[] = []): string {
  const urls = publicListUrls(baseUrl, workspace.slug);
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  const times = [...newestFirst.map((v) => Date.parse(v.publishedAt)), ...changes.map((c) => Date.parse(changeUpdated(c)))];
  const updated = times.length ? new Date(Math.max(...times)) : new Date(workspace.createdAt);
  const feed = new Feed({
    id: atomIds.feed(workspace.id),
    link: urls.page,
    feedLinks: { atom: urls.atom },
    title: text(`${workspace.name} — sub-processors`),
    updated,
    generator: 'Trustroom',
    // Atom requires an author on the feed unless every entry has one.
    author: { name: text(workspace.name) },
  });
  const items: Array<{ at: number; key: string; add: () => void }> = [];
  for (const v of newestFirst) {
    const date = new Date(v.publishedAt);
    const link = `${urls.history}#v${v.version}`;
    items.push({
      at: date.getTime(), key: `v${String(v.version).padStart(9, '0')}`,
      add: () => feed.addItem({ id: atomIds.version(workspace.id, v.version), link, title: escapeHtml(`Version ${v.version} — current as of ${v.currentAsOf}`), date, published: date, content: entryContent(v) }),
    });
  }
  for (const c of changes) {
    const label = c.status === 'in_effect' ? 'Change in effect' : 'Announced change';
    items.push({
      at: Date.parse(changeUpdated(c)), key: `c${c.id}`,
      add: () => feed.addItem({
        id: atomIds.change(workspace.id, c.id), link: urls.change(c.id), title: escapeHtml(`${label}: ${c.title} — from ${c.proposedDate}`),
        date: new Date(changeUpdated(c)), published: new Date(c.announcedAt), content: changeContent(c),
      }),
    });
  }
  // Newest first; a version and a change of the same instant keep a fixed order.
  items.sort((a, b) => b.at - a.at || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  for (const i of items) i.add();
  return feed.atom1();
}
