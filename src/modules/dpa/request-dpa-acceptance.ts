/**
 * Asking a customer to accept its DPA: a signed link per customer contact (the token is stored
 * only as its SHA-256, valid 30 days), e-mailed through the outbox in the same transaction.
 */
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { AppError, conflict, notFound } from '../../shared/errors.ts';
import { newId, newSecret, sha256 } from '../../shared/ids.ts';
import { InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { findCustomer } from '../customers/customers.queries.ts';
import { enqueueMessages, type OutgoingMessage } from '../mail/enqueue-message.ts';
import { ACCEPTANCE_LINK_DAYS, type DpaVersionView } from './dpa.ts';
import { appliesTo } from '../records/processor-record.ts';
import { listActivities } from '../records/records.queries.ts';
import { findLatestPublished } from './dpa.queries.ts';
import { acceptanceUrl, renderAcceptanceRequest } from './dpa-messages.ts';
import { missingDpaParticulars, particularsMissing } from './dpa-readiness.ts';
import { findWorkspace } from '../workspaces/workspaces.ts';

export interface AcceptanceRequestView {
  id: string;
  contactId: string | null;
  createdAt: string;
  expiresAt: string;
}

export const dpaNotPublished = () => new AppError('dpa_not_published', 409, 'no DPA version is published yet: publish one first');

/**
 * Creates one link per contact of the customer for `version` and queues its e-mail, inside the
 * caller's transaction. A customer without contacts gets none (the console says so).
 */
export async function createAcceptanceRequests(tx: TxDeps, workspaceId: string, customerId: string, version: DpaVersionView, o: { reaccept: boolean }): Promise<AcceptanceRequestView[]> {
  const customer = await findCustomer(tx.db, workspaceId, customerId);
  if (!customer) throw notFound('customer');
  const w = await tx.db.selectFrom('workspaces').select(['slug', 'name', 'legal_name']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const now = tx.clock.now();
  const expiresAt = new Date(now.getTime() + ACCEPTANCE_LINK_DAYS * 86_400_000).toISOString();
  const out: AcceptanceRequestView[] = [];
  const messages: OutgoingMessage[] = [];
  for (const contact of customer.contacts) {
    const id = newId();
    const token = newSecret('dpa_');
    await tx.db.insertInto('dpa_acceptance_requests').values({
      id, workspace_id: workspaceId, customer_id: customerId, dpa_version_id: version.id, contact_id: contact.id, token_hash: sha256(token),
      created_at: now.toISOString(), expires_at: expiresAt, used_at: null,
    }).execute();
    out.push({ id, contactId: contact.id, createdAt: now.toISOString(), expiresAt });
    const rendered = renderAcceptanceRequest({
      processorName: w.legal_name ?? w.name, customerName: customer.name, version: version.version, title: version.title, note: version.note,
      url: acceptanceUrl(tx.publicUrl, w.slug, token), expiresOn: expiresAt.slice(0, 10), reaccept: o.reaccept,
    });
    messages.push({
      workspaceId, kind: o.reaccept ? 'dpa.reacceptance_requested' : 'dpa.acceptance_requested', recipientType: 'contact', recipientId: contact.id,
      to: contact.email, idempotencyKey: `dpa.acceptance_requested:${id}`, ...rendered,
    });
  }
  await enqueueMessages(tx, messages);
  return out;
}

/**
 * Sends the customer's contacts a link to accept the latest published version. 409
 * `dpa_not_published` before any is published, `dpa_particulars_missing` while the processor's
 * particulars, the processing activities of the customer's services or the measures are empty
 * (naming each), `customer_has_no_contacts` when nobody can receive it.
 * @example await requestDpaAcceptance(deps, scope, { customerId })
 */
export async function requestDpaAcceptance(deps: Deps, scope: Scope, raw: unknown): Promise<{ version: number; versionId: string; requests: AcceptanceRequestView[] }> {
  const r = new InputReader(raw);
  const customerId = r.text('customerId', { required: true, max: 100 });
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const version = await findLatestPublished(tx.db, scope.workspaceId);
    if (!version) throw dpaNotPublished();
    const customer = await findCustomer(tx.db, scope.workspaceId, customerId as string);
    if (!customer) throw notFound('customer');
    const [w, activities, measure] = await Promise.all([
      findWorkspace(tx.db, scope.workspaceId), listActivities(tx.db, scope.workspaceId, 'processor'),
      tx.db.selectFrom('measures').select('id').where('workspace_id', '=', scope.workspaceId).limit(1).executeTakeFirst(),
    ]);
    if (!w) throw notFound('workspace');
    const missing = missingDpaParticulars({
      processor: w.processor, activities: activities.filter((a) => appliesTo(a, customer.services)).length, measures: measure ? 1 : 0, customerName: customer.name,
    });
    if (missing.length) throw particularsMissing('the acceptance request cannot be sent', missing);
    if (customer.contacts.length === 0) throw conflict('this customer has no contacts to send the link to: add one first', 'customer_has_no_contacts');
    const requests = await createAcceptanceRequests(tx, scope.workspaceId, customer.id, version, { reaccept: false });
    await recordAuditEvent(tx, {
      workspaceId: scope.workspaceId, actor: scope.actor, action: 'dpa.acceptance_requested', subjectType: 'customer', subjectId: customer.id,
      after: { versionId: version.id, version: version.version, requests: requests.map((q) => ({ id: q.id, contactId: q.contactId, expiresAt: q.expiresAt })) },
    });
    return { version: version.version, versionId: version.id, requests };
  });
}
