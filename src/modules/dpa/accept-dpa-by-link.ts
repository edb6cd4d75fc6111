/**
 * The signed acceptance link (CU2): what its page shows — the document, or why the link no longer
 * works — and accepting through it. The token in the URL is the credential; only its SHA-256 is
 * stored, and one acceptance uses the link up.
 */
import type { Deps } from '../../shared/deps.ts';
import { AppError, conflict, type FieldIssue, invalid, isAppError } from '../../shared/errors.ts';
import { sha256 } from '../../shared/ids.ts';
import { InputReader } from '../../shared/input.ts';
import { acceptDpa, type AcceptanceView, parseAcceptance, type RenderedDpa, renderDpaForCustomer } from './dpa-for-customer.ts';
import { findLatestPublished, presentAcceptance } from './dpa.queries.ts';

interface LinkBase {
  workspace: { id: string; slug: string; name: string };
  customer: { id: string; name: string };
  requestId: string;
  /** The version the link asks to accept. */
  version: number;
}

export type AcceptanceLinkView =
  | (LinkBase & { state: 'open'; expiresAt: string; contact: { id: string; email: string; name: string | null } | null; rendered: RenderedDpa })
  | (LinkBase & { state: 'used'; usedAt: string; acceptance: AcceptanceView | null })
  | (LinkBase & { state: 'expired'; expiresAt: string })
  /** A newer version was published after the link was sent: it has its own link. */
  | (LinkBase & { state: 'superseded'; currentVersion: number });

export const linkInvalid = () => new AppError('dpa_link_invalid', 404, 'this link is not valid: it may be mistyped or incomplete');

/** The link's state as of now; 404 `dpa_link_invalid` for a token that matches nothing. */
export async function viewAcceptanceLink(deps: Deps, token: string): Promise<AcceptanceLinkView> {
  const request = await deps.db.selectFrom('dpa_acceptance_requests as r').innerJoin('dpa_versions as v', 'v.id', 'r.dpa_version_id')
    .innerJoin('customers as c', 'c.id', 'r.customer_id').innerJoin('workspaces as w', 'w.id', 'r.workspace_id')
    .select(['r.id', 'r.workspace_id', 'r.customer_id', 'r.dpa_version_id', 'r.contact_id', 'r.expires_at', 'r.used_at', 'v.version', 'c.name as customer_name', 'w.slug', 'w.name as workspace_name', 'w.legal_name'])
    .where('r.token_hash', '=', sha256(token)).executeTakeFirst();
  if (!request) throw linkInvalid();
  const base: LinkBase = {
    workspace: { id: request.workspace_id, slug: request.slug, name: request.legal_name ?? request.workspace_name },
    customer: { id: request.customer_id, name: request.customer_name }, requestId: request.id, version: Number(request.version),
  };
  if (request.used_at) {
    const row = await deps.db.selectFrom('dpa_acceptances').selectAll().where('request_id', '=', request.id).executeTakeFirst();
    return { ...base, state: 'used', usedAt: request.used_at, acceptance: row ? presentAcceptance(row) : null };
  }
  if (request.expires_at <= deps.clock.now().toISOString()) return { ...base, state: 'expired', expiresAt: request.expires_at };
  const latest = await findLatestPublished(deps.db, request.workspace_id);
  if (latest && latest.id !== request.dpa_version_id) return { ...base, state: 'superseded', currentVersion: latest.version };
  const contact = request.contact_id
    ? await deps.db.selectFrom('customer_contacts').select(['id', 'email', 'name']).where('id', '=', request.contact_id).executeTakeFirst()
    : undefined;
  const rendered = await renderDpaForCustomer(deps, request.workspace_id, request.customer_id, { versionId: request.dpa_version_id });
  return { ...base, state: 'open', expiresAt: request.expires_at, contact: contact ?? null, rendered };
}

/**
 * Accepts through the link: the signer's name, title and e-mail, the hash of the document they
 * were shown (`documentSha256`) and `authority` (they confirm they may accept for the customer).
 * Every bad field is named at once (400); a changed document is 409 `dpa_document_changed`.
 */
export async function acceptDpaByLink(deps: Deps, token: string, raw: unknown): Promise<AcceptanceView> {
  const issues: FieldIssue[] = [];
  const r = new InputReader(raw);
  const body = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  try {
    parseAcceptance(raw, body.documentSha256);
  } catch (e) {
    if (!isAppError(e) || e.code !== 'validation_error') throw e;
    issues.push(...((e.data as { fields: FieldIssue[] }).fields));
  }
  if (!r.flag('authority')) issues.push({ field: 'authority', message: 'must be confirmed: only someone with authority to accept for the customer may accept' });
  if (issues.length) throw invalid(issues);
  const link = await viewAcceptanceLink(deps, token);
  if (link.state === 'used') throw conflict('this link was already used to accept the agreement', 'dpa_link_used');
  if (link.state === 'expired') throw new AppError('dpa_link_expired', 410, 'this link has expired: ask for a new one');
  if (link.state === 'superseded') throw conflict(`version ${link.currentVersion} of the agreement was published since: use the link sent for it`, 'dpa_version_superseded');
  return acceptDpa(deps, {
    workspaceId: link.workspace.id, customerId: link.customer.id, versionId: link.rendered.versionId, documentSha256: String(body.documentSha256 ?? ''),
    signer: raw, method: 'link', contactId: link.contact?.id ?? null, requestId: link.requestId,
  });
}
