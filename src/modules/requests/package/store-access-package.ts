/**
 * Storing an access package (issue 12 §5): the zip encrypted with the package key, a one-time
 * download link whose token is stored only as its SHA-256, and the job that deletes the
 * ciphertext when its retention ends.
 */
import { createHash } from 'node:crypto';
import { type Actor, SYSTEM_ACTOR, type TxDeps } from '../../../shared/deps.ts';
import { notFound } from '../../../shared/errors.ts';
import { newId, newSecret, sha256 } from '../../../shared/ids.ts';
import { enqueueJob } from '../../jobs/enqueue-job.ts';
import { recordPackageEvent } from './package-events.ts';
import { type PackageKey, sealPackage } from './package-key.ts';
import { addDays, packageRetention, type PackageRetention } from './package-rules.ts';

/** The job that deletes a package's ciphertext when its retention ends (ref: the package id). */
export const PURGE_PACKAGE_JOB = 'request.package_purge';

export interface StoreAccessPackageInput {
  requestId: string;
  zip: Buffer;
  fileName: string;
  /** From ensurePackageKey(config.packageKeyFile). */
  key: PackageKey;
  /** Days the link works and the ciphertext is kept; rules/package.yaml when left out. */
  retention?: PackageRetention;
  actor?: Actor;
}

export interface StoredAccessPackage {
  packageId: string;
  /** The one-time secret of the download link; shown once, only its SHA-256 is stored. */
  token: string;
  /** Path of the download page under the public URL. */
  path: string;
  expiresAt: string;
  deleteAt: string;
}

/**
 * Encrypts and stores the zip for the request, schedules its deletion and records it on the
 * request's timeline and in the audit log, all in `tx`. Returns the link's secret token.
 * @example const { token, path } = await storeAccessPackage(tx, { requestId, zip: pkg.zip, fileName: pkg.fileName, key: ensurePackageKey(config.packageKeyFile).key })
 */
export async function storeAccessPackage(tx: TxDeps, input: StoreAccessPackageInput): Promise<StoredAccessPackage> {
  const request = await tx.db.selectFrom('dsr_requests as r').innerJoin('workspaces as w', 'w.id', 'r.workspace_id')
    .select(['r.id', 'r.workspace_id', 'w.slug']).where('r.id', '=', input.requestId).executeTakeFirst();
  if (!request) throw notFound('request');
  const retention = input.retention ?? packageRetention();
  const now = tx.clock.now();
  const id = newId();
  const token = newSecret('pk_');
  const sealed = sealPackage(input.key, input.zip, id);
  const row = {
    id, request_id: request.id, token_hash: sha256(token), file_name: input.fileName, size: input.zip.length,
    sha256: createHash('sha256').update(input.zip).digest('hex'), ciphertext_base64: sealed.ciphertext.toString('base64'),
    iv: sealed.iv.toString('base64'), auth_tag: sealed.authTag.toString('base64'),
    expires_at: addDays(now, retention.linkValidDays).toISOString(), downloaded_at: null, deleted_at: null, created_at: now.toISOString(),
  };
  await tx.db.insertInto('dsr_packages').values(row).execute();
  const deleteAt = addDays(now, Math.max(retention.keepDays, retention.linkValidDays));
  await enqueueJob(tx, { kind: PURGE_PACKAGE_JOB, refId: id, workspaceId: request.workspace_id, runAt: deleteAt, maxAttempts: 20 });
  await recordPackageEvent(tx, request, input.actor ?? SYSTEM_ACTOR, 'package_created', {
    packageId: id, size: row.size, sha256: row.sha256, expiresAt: row.expires_at, deleteAt: deleteAt.toISOString(),
  });
  return { packageId: id, token, path: `/w/${request.slug}/requests/package/${token}`, expiresAt: row.expires_at, deleteAt: deleteAt.toISOString() };
}
