/**
 * The list's version history as an Atom 1.0 feed: one entry per published version, newest first,
 * with the changelog as content. Deterministic: every date comes from the input.
 */
import { Feed } from 'feed';
import type { Changelog } from '../publishing/diff-snapshots.ts';
import { summariseChangelog } from '../publishing/diff-snapshots.ts';
import type { ListVersionSummary } from '../publishing/list-versions.queries.ts';
import type { WorkspaceView } from '../workspaces/workspaces.ts';
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

export function renderAtom(workspace: WorkspaceView, versions: ListVersionSummary[], baseUrl: string): string {
  const urls = publicListUrls(baseUrl, workspace.slug);
  const newestFirst = [...versions].sort((a, b) => b.version - a.version);
  const updated = newestFirst.length
    ? new Date(Math.max(...newestFirst.map((v) => Date.parse(v.publishedAt))))
    : new Date(workspace.createdAt);
  const feed = new Feed({
    id: urls.page,
    link: urls.page,
    feedLinks: { atom: urls.atom },
    title: text(`${workspace.name} — sub-processors`),
    updated,
    generator: 'Trustroom',
    // Atom requires an author on the feed unless every entry has one.
    author: { name: text(workspace.name) },
  });
  for (const v of newestFirst) {
    const date = new Date(v.publishedAt);
    const link = `${urls.history}#v${v.version}`;
    feed.addItem({
      id: link,
      link,
      title: escapeHtml(`Version ${v.version} — current as of ${v.currentAsOf}`),
      date,
      published: date,
      content: entryContent(v),
    });
  }
  return feed.atom1();
}
