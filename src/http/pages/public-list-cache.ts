/**
 * Keeps each workspace's latest published version and its rendered outputs in memory, so the
 * public list (the most-read URL) costs a map lookup. Publishing in this process drops the entry
 * at once; entries also expire after a few seconds so other processes' publications show up.
 */
import type { Db } from '../../db/schema.ts';
import { listPublicChanges, type PublicChange } from '../../modules/public-list/public-changes.ts';
import { findLatestVersion, type ListVersion } from '../../modules/publishing/list-versions.queries.ts';
import { publications } from '../../modules/publishing/publish-list-version.ts';
import { findWorkspaceBySlug, listWorkspaces, type WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import { sha256 } from '../../shared/ids.ts';

const TTL_MS = 5_000;

export interface Rendered {
  /** Encoded once: sending a string would encode it to UTF-8 on every request. */
  body: Buffer;
  etag: string;
}

export interface PublishedEntry {
  workspace: WorkspaceView;
  latest: ListVersion | undefined;
  /** Announced and in-effect changes (the feed's entries and the page's upcoming changes). */
  changes: PublicChange[];
  /** Rendered outputs by key (format, or format + query): filled lazily. */
  rendered: Map<string, Rendered>;
  expires: number;
}

export class PublicListCache {
  private readonly bySlug = new Map<string, PublishedEntry>();
  private soleSlug: { slug: string | null; expires: number } | null = null;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    publications.on('published', (workspaceId: string) => {
      for (const [slug, e] of this.bySlug) if (e?.workspace.id === workspaceId) this.bySlug.delete(slug);
    });
  }

  /** The cached entry of a workspace while it is fresh, without touching the database. */
  peek(slug: string): PublishedEntry | undefined {
    const hit = this.bySlug.get(slug);
    return hit && hit.expires > Date.now() ? hit : undefined;
  }

  /** The workspace and its latest version, or null when no such workspace exists. */
  async get(slug: string): Promise<PublishedEntry | null> {
    const hit = this.peek(slug);
    if (hit) return hit;
    const workspace = await findWorkspaceBySlug(this.db, slug);
    if (!workspace) {
      this.bySlug.delete(slug);
      return null;
    }
    const [latest, changes] = await Promise.all([findLatestVersion(this.db, workspace.id), listPublicChanges(this.db, workspace.id)]);
    const entry: PublishedEntry = { workspace, latest, changes, rendered: new Map(), expires: Date.now() + TTL_MS };
    if (this.bySlug.size > 1000) this.bySlug.clear();
    this.bySlug.set(slug, entry);
    return entry;
  }

  /** The slug of the only workspace of this instance, or null when there are none or several. */
  async soleWorkspaceSlug(): Promise<string | null> {
    if (this.soleSlug && this.soleSlug.expires > Date.now()) return this.soleSlug.slug;
    const all = await listWorkspaces(this.db);
    this.soleSlug = { slug: all.length === 1 ? all[0].slug : null, expires: Date.now() + TTL_MS };
    return this.soleSlug.slug;
  }

  /** Renders once per entry and key; the ETag is derived from the exact bytes. */
  static render(entry: PublishedEntry, key: string, make: () => string): Rendered {
    let r = entry.rendered.get(key);
    if (!r) {
      const text = make();
      r = { body: Buffer.from(text, 'utf8'), etag: `"${sha256(text).slice(0, 32)}"` };
      if (entry.rendered.size < 200) entry.rendered.set(key, r);
    }
    return r;
  }
}
