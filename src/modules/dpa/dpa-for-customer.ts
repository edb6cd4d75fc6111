/**
 * A customer's DPA: the latest published version rendered for it, its standing (accepted or
 * not), and accepting it into the ledger (CU2).
 * Usable without HTTP: the public acceptance page (method `link`) and the customer portal
 * (method `portal`) both call these.
 */
import type { Db } from '../../db/schema.ts';
import { type Actor, type Deps, inTransaction } from '../../shared/deps.ts';
import { AppError, conflict, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { EMAIL_PATTERN, InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import type { DocumentModel } from '../documents/document.ts';
import { enqueueMessages } from '../mail/enqueue-message.ts';
import { buildDpaDocument } from './build-dpa-document.ts';
import { dpaFileName } from './dpa-file-name.ts';
import { findDpaVersion, findLatestPublished, presentAcceptance } from './dpa.queries.ts';
import { renderAcceptanceReceipt } from './dpa-messages.ts';

export interface RenderedDpa {
  versionId: string;
  version: number;
  title: string;
  publishedAt: string;
  document: DocumentModel;
  /** The rendered document as an HTML fragment (an <article>), escaped: safe to embed in a page. */
  html: string;
  /** SHA-256 (hex) of `html`: what an acceptance records. */
  sha256: string;
  /** `DPA-v3-acme-gmbh.pdf`: the version and the customer, for the PDF download. */
  fileName: string;
}

export interface AcceptanceView {
  id: string;
  version: number;
  versionId: string;
  signerName: string;
  signerTitle: string;
  signerEmail: string;
  acceptedAt: string;
  documentSha256: string;
  method: 'link' | 'portal';
}

export interface DpaStanding {
  /** The latest published version; null when none is published. */
  current: { id: string; version: number; title: string } | null;
  /** The customer's latest acceptance, of any version. */
  lastAccepted: AcceptanceView | null;
  /** A version is published and the customer has not accepted it. */
  needsAcceptance: boolean;
}

export interface SignerInput {
  name: string;
  title: string;
  email: string;
}

/** Renders the latest published DPA (or `versionId`, which must be published) for one customer, as of today. */
export async function renderDpaForCustomer(deps: Deps, workspaceId: string, customerId: string, opts: { versionId?: string } = {}): Promise<RenderedDpa> {
  const version = opts.versionId ? await findDpaVersion(deps.db, workspaceId, opts.versionId) : await findLatestPublished(deps.db, workspaceId);
  if (!version) throw notFound(opts.versionId ? 'DPA version' : 'published DPA version');
  if (version.status !== 'published' || !version.publishedAt) throw versionNotPublished();
  const built = await buildDpaDocument(deps.db, deps.clock, workspaceId, customerId, version);
  const customer = await deps.db.selectFrom('customers').select('name').where('workspace_id', '=', workspaceId).where('id', '=', customerId).executeTakeFirstOrThrow();
  return { versionId: version.id, version: version.version, title: version.title, publishedAt: version.publishedAt, ...built, fileName: dpaFileName(version.version, customer.name) };
}

const versionNotPublished = () => conflict('this DPA version is a draft: only published versions are rendered for customers', 'dpa_version_not_published');

/** Where a customer stands with its DPA. */
export async function findDpaStanding(db: Db, workspaceId: string, customerId: string): Promise<DpaStanding> {
  const [current, last] = await Promise.all([
    findLatestPublished(db, workspaceId),
    db.selectFrom('dpa_acceptances').selectAll().where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId)
      .orderBy('accepted_at', 'desc').orderBy('version', 'desc').limit(1).executeTakeFirst(),
  ]);
  const ofCurrent = current
    ? await db.selectFrom('dpa_acceptances').select('id').where('workspace_id', '=', workspaceId).where('customer_id', '=', customerId)
      .where('dpa_version_id', '=', current.id).limit(1).executeTakeFirst()
    : undefined;
  return {
    current: current ? { id: current.id, version: current.version, title: current.title } : null,
    lastAccepted: last ? presentAcceptance(last) : null,
    needsAcceptance: current !== undefined && ofCurrent === undefined,
  };
}

/** Who acts when a customer contact accepts: not a user of the workspace. */
const contactActor = (method: 'link' | 'portal'): Actor => ({ type: 'system', id: null, label: `customer contact via ${method}` });

/** The signer's particulars and the hash, every bad field named at once. */
export function parseAcceptance(signer: unknown, documentSha256: unknown): SignerInput & { documentSha256: string } {
  const r = new InputReader(signer);
  const name = r.text('name', { name: true, required: true, max: 200 });
  const title = r.text('title', { name: true, required: true, max: 200 });
  const email = r.text('email', { required: true, max: 320, pattern: EMAIL_PATTERN, patternMessage: 'must be an e-mail address' });
  const hash = typeof documentSha256 === 'string' ? documentSha256.trim().toLowerCase() : '';
  if (!/^[0-9a-f]{64}$/.test(hash)) r.problem('documentSha256', 'must be the SHA-256 of the document shown (64 hexadecimal characters)');
  return r.done({ name: name as string, title: title as string, email: (email ?? '').toLowerCase(), documentSha256: hash });
}

/**
 * Records an acceptance in the ledger. `documentSha256` is the hash of the document the signer
 * was shown; it must equal the hash of the version rendered now, else 409 `dpa_document_changed`
 * (the document changed while they read it) and nothing is written. Raw signer input is parsed
 * here (400 naming `name`, `title`, `email`). Only the latest published version can be accepted
 * (409 `dpa_version_superseded`). With `requestId` (a signed link), the link must be unused
 * (409 `dpa_link_used`) and unexpired (410 `dpa_link_expired`), and is used up by this acceptance.
 * The signer gets a receipt by e-mail.
 */
export async function acceptDpa(deps: Deps, input: { workspaceId: string; customerId: string; versionId: string; documentSha256: string; signer: unknown; method: 'link' | 'portal'; contactId: string | null; requestId?: string | null }): Promise<AcceptanceView> {
  const signer = parseAcceptance(input.signer, input.documentSha256);
  return inTransaction(deps, async (tx) => {
    const now = tx.clock.now();
    if (input.requestId) {
      const request = await tx.db.selectFrom('dpa_acceptance_requests').selectAll().where('id', '=', input.requestId).where('workspace_id', '=', input.workspaceId)
        .where('customer_id', '=', input.customerId).$if(tx.caps.rowLocks, (q) => q.forUpdate()).executeTakeFirst();
      if (!request) throw notFound('acceptance request');
      if (request.used_at) throw conflict('this link was already used to accept the agreement', 'dpa_link_used');
      if (request.expires_at <= now.toISOString()) throw new AppError('dpa_link_expired', 410, 'this link has expired: ask for a new one');
      if (request.dpa_version_id !== input.versionId) throw conflict('this link is for another version of the agreement', 'dpa_version_superseded');
    }
    const version = await findDpaVersion(tx.db, input.workspaceId, input.versionId);
    if (!version) throw notFound('DPA version');
    if (version.status !== 'published') throw versionNotPublished();
    const latest = await findLatestPublished(tx.db, input.workspaceId);
    if (latest && latest.id !== version.id) throw conflict(`version ${latest.version} of the agreement was published since: read and accept it instead`, 'dpa_version_superseded');
    const built = await buildDpaDocument(tx.db, tx.clock, input.workspaceId, input.customerId, version);
    if (built.sha256 !== signer.documentSha256) throw conflict('the agreement changed while it was being read', 'dpa_document_changed');

    const id = newId();
    const row = {
      id, workspace_id: input.workspaceId, customer_id: input.customerId, dpa_version_id: version.id, version: version.version,
      signer_name: signer.name, signer_title: signer.title, signer_email: signer.email, accepted_at: now.toISOString(),
      document_sha256: built.sha256, document_html: built.html, method: input.method, request_id: input.requestId ?? null, contact_id: input.contactId,
    };
    await tx.db.insertInto('dpa_acceptances').values(row).execute();
    if (input.requestId) await tx.db.updateTable('dpa_acceptance_requests').set({ used_at: now.toISOString() }).where('id', '=', input.requestId).execute();
    const w = await tx.db.selectFrom('workspaces').select(['name', 'legal_name']).where('id', '=', input.workspaceId).executeTakeFirstOrThrow();
    const customer = await tx.db.selectFrom('customers').select('name').where('id', '=', input.customerId).executeTakeFirstOrThrow();
    const receipt = renderAcceptanceReceipt({
      processorName: w.legal_name ?? w.name, customerName: customer.name, version: version.version, title: version.title,
      signerName: signer.name, signerTitle: signer.title, acceptedAt: row.accepted_at, sha256: built.sha256,
    });
    await enqueueMessages(tx, [{ workspaceId: input.workspaceId, kind: 'dpa.accepted', recipientType: 'contact', recipientId: input.contactId, to: signer.email, idempotencyKey: `dpa.accepted:${id}`, ...receipt }]);
    const view = presentAcceptance(row);
    await recordAuditEvent(tx, { workspaceId: input.workspaceId, actor: contactActor(input.method), action: 'dpa.accepted', subjectType: 'customer', subjectId: input.customerId, after: { ...view, requestId: row.request_id, contactId: row.contact_id } });
    return view;
  });
}
