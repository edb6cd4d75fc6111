/**
 * The one-time download link of an access package: what its page may show, and the download
 * itself, which spends the link. A used, expired or deleted link says only that it no longer
 * works: the token in the URL is the only credential, so nothing more is told to whoever holds it.
 */
import { createHash } from 'node:crypto';
import { type Deps, inTransaction } from '../../../shared/deps.ts';
import { AppError } from '../../../shared/errors.ts';
import { sha256 } from '../../../shared/ids.ts';
import { recordPackageEvent } from './package-events.ts';
import { openPackage, type PackageKey } from './package-key.ts';

/** Who downloads: the holder of the link (the requester or their agent), not a signed-in user. */
export const LINK_HOLDER = { type: 'system' as const, id: null, label: 'download link' };

interface LinkBase {
  workspace: { slug: string; name: string };
}

export type PackageLinkView =
  | (LinkBase & { state: 'open'; reference: string; controllerName: string; fileName: string; size: number; sha256: string; expiresAt: string })
  | (LinkBase & { state: 'gone' });

export const packageLinkInvalid = () => new AppError('package_link_invalid', 404, 'this link is not valid: it may be mistyped or incomplete');
export const packageLinkGone = () => new AppError('package_link_gone', 410, 'this download link no longer works: it was used, it expired or the package was deleted');

async function findByToken(deps: Deps, token: string) {
  return deps.db.selectFrom('dsr_packages as p').innerJoin('dsr_requests as r', 'r.id', 'p.request_id')
    .innerJoin('workspaces as w', 'w.id', 'r.workspace_id').leftJoin('customers as c', 'c.id', 'r.customer_id')
    .select(['p.id', 'p.request_id', 'p.file_name', 'p.size', 'p.sha256', 'p.expires_at', 'p.downloaded_at', 'p.deleted_at', 'r.workspace_id', 'r.reference', 'r.controller',
      'w.slug', 'w.name as workspace_name', 'w.legal_name', 'c.name as customer_name'])
    .where('p.token_hash', '=', sha256(token)).executeTakeFirst();
}

/** The link's state now; 404 `package_link_invalid` for a token that matches nothing. */
export async function viewAccessPackage(deps: Deps, token: string): Promise<PackageLinkView> {
  const p = await findByToken(deps, token);
  if (!p) throw packageLinkInvalid();
  const workspace = { slug: p.slug, name: p.legal_name ?? p.workspace_name };
  if (p.downloaded_at || p.deleted_at || p.expires_at <= deps.clock.now().toISOString()) return { workspace, state: 'gone' };
  return {
    workspace, state: 'open', reference: p.reference, controllerName: p.controller === 'customer' && p.customer_name ? p.customer_name : workspace.name,
    fileName: p.file_name, size: Number(p.size), sha256: p.sha256, expiresAt: p.expires_at,
  };
}

export interface DownloadedPackage {
  fileName: string;
  bytes: Buffer;
  sha256: string;
}

/**
 * Decrypts the package and spends the link, in one transaction: the download is recorded on the
 * request's timeline and in the audit log. 410 `package_link_gone` when it was used, expired or
 * deleted (also for the loser of two simultaneous downloads); the link is not spent when
 * decryption fails.
 */
export async function downloadAccessPackage(deps: Deps, key: PackageKey, token: string): Promise<DownloadedPackage> {
  return inTransaction(deps, async (tx) => {
    const p = await tx.db.selectFrom('dsr_packages as p').innerJoin('dsr_requests as r', 'r.id', 'p.request_id')
      .select(['p.id', 'p.request_id', 'p.file_name', 'p.sha256', 'p.ciphertext_base64', 'p.iv', 'p.auth_tag', 'p.expires_at', 'p.downloaded_at', 'p.deleted_at', 'r.workspace_id'])
      .where('p.token_hash', '=', sha256(token)).executeTakeFirst();
    if (!p) throw packageLinkInvalid();
    const now = tx.clock.now().toISOString();
    if (p.downloaded_at || p.deleted_at || !p.ciphertext_base64 || p.expires_at <= now) throw packageLinkGone();
    const bytes = openPackage(key, { ciphertext: Buffer.from(p.ciphertext_base64, 'base64'), iv: Buffer.from(p.iv, 'base64'), authTag: Buffer.from(p.auth_tag, 'base64') }, p.id);
    if (createHash('sha256').update(bytes).digest('hex') !== p.sha256) throw new AppError('package_undecryptable', 500, 'the access package does not match its recorded SHA-256');
    // Conditional: of two simultaneous downloads only one updates the row.
    const spent = await tx.db.updateTable('dsr_packages').set({ downloaded_at: now })
      .where('id', '=', p.id).where('downloaded_at', 'is', null).where('deleted_at', 'is', null).executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) throw packageLinkGone();
    await recordPackageEvent(tx, { id: p.request_id, workspace_id: p.workspace_id }, LINK_HOLDER, 'package_downloaded', { packageId: p.id, sha256: p.sha256 });
    return { fileName: p.file_name, bytes, sha256: p.sha256 };
  });
}
