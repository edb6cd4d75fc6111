/**
 * A signed-in contact accepts the customer's DPA from the portal: the ledger entry is the DPA
 * module's (`acceptDpa`, method `portal`), with the customer and contact taken from the session.
 */
import type { Deps } from '../../shared/deps.ts';
import { InputReader } from '../../shared/input.ts';
import { type AcceptanceView, acceptDpa } from '../dpa/dpa-for-customer.ts';
import type { PortalSession } from './portal.ts';

/**
 * Reads the accept form (`versionId`, `documentSha256` shown with the document, `authority`
 * ticked, signer `name`, `title`, `email`) and records the acceptance. The signer must state
 * they may bind the customer: an acceptance by someone without authority is worth nothing.
 */
export async function acceptDpaInPortal(deps: Deps, session: PortalSession, raw: unknown): Promise<AcceptanceView> {
  const r = new InputReader(raw);
  const versionId = r.text('versionId', { required: true, max: 100 });
  const documentSha256 = r.text('documentSha256', { required: true, max: 64, pattern: /^[0-9a-f]{64}$/, patternMessage: 'must be the SHA-256 of the document shown' });
  if (!r.flag('authority')) r.problem('authority', 'must be confirmed: only someone who may bind the customer can accept');
  r.done(null);
  const body = (raw ?? {}) as Record<string, unknown>;
  return acceptDpa(deps, {
    workspaceId: session.workspaceId, customerId: session.customerId, versionId: versionId as string, documentSha256: documentSha256 as string,
    signer: { name: body.name, title: body.title, email: body.email }, method: 'portal', contactId: session.contactId,
  });
}
