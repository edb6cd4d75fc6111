/**
 * A customer's DPA: the latest published version rendered for it, its standing (accepted or
 * not), and accepting it into the ledger (CU2).
 * STUB: the interface is fixed; the implementation is being written.
 */
import type { Db } from '../../db/schema.ts';
import type { Deps } from '../../shared/deps.ts';
import type { DocumentModel } from '../documents/document.ts';

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
  void deps; void workspaceId; void customerId; void opts;
  throw new Error('renderDpaForCustomer: not implemented yet');
}

/** Where a customer stands with its DPA. */
export async function findDpaStanding(db: Db, workspaceId: string, customerId: string): Promise<DpaStanding> {
  void db; void workspaceId; void customerId;
  throw new Error('findDpaStanding: not implemented yet');
}

/**
 * Records an acceptance in the ledger. `documentSha256` is the hash of the document the signer
 * was shown; it must equal the hash of the version rendered now, else 409 `dpa_document_changed`
 * (the document changed while they read it) and nothing is written. Raw signer input is parsed
 * here (400 naming `name`, `title`, `email`).
 */
export async function acceptDpa(deps: Deps, input: { workspaceId: string; customerId: string; versionId: string; documentSha256: string; signer: unknown; method: 'link' | 'portal'; contactId: string | null; requestId?: string | null }): Promise<AcceptanceView> {
  void deps; void input;
  throw new Error('acceptDpa: not implemented yet');
}
