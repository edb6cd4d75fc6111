/**
 * An adapter for the Ketch Forwarder protocol (github.com/ketch-com/ketch-forwarder, api/dsr/v1):
 * a customer's Ketch account forwards its users' requests (AccessRequest, DeleteRequest,
 * CorrectionRequest, RestrictProcessingRequest) to the processor's endpoint with a configured
 * Authorization header (here a customer token), and reads the status from the synchronous
 * `<Kind>Response`. The request becomes a customer-sent request (submitRequest, channel 'customer'):
 * `metadata.uid` is the customer's reference, `request.dueTimestamp` its own deadline. Status events
 * to `request.callbacks` are not sent (yet): the customer gets dsr.request_completed instead.
 */
import type { Row } from '../../../db/schema.ts';
import type { RequestStatus, RequestType } from '../../../db/schema-requests.ts';
import { type Deps, inTransaction } from '../../../shared/deps.ts';
import { AppError, invalid, isAppError } from '../../../shared/errors.ts';
import { dateInZone } from '../../periods/zoned-dates.ts';
import { requestRegimes } from '../deadlines.ts';
import { submitRequest } from '../submit-request.ts';
import type { CustomerScope } from './instruct-request.ts';

export const KETCH_API_VERSION = 'dsr/v1';

/** Ketch request kinds and the request type each is here. */
export const KETCH_KINDS: Record<string, RequestType> = {
  AccessRequest: 'access', DeleteRequest: 'erasure', CorrectionRequest: 'rectification', RestrictProcessingRequest: 'restriction',
};

interface KetchMessage {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { uid?: unknown; tenant?: unknown };
  request?: {
    regulation?: unknown;
    subject?: { email?: unknown; firstName?: unknown; lastName?: unknown; description?: unknown };
    dueTimestamp?: unknown;
  };
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** The Trustroom request input of a Ketch message, or a validation error naming the Ketch field. */
export function ketchToRequestInput(body: unknown, timeZone: string): { type: RequestType; input: Record<string, unknown>; uid: string; tenant: string | null } {
  const m = (body && typeof body === 'object' ? body : {}) as KetchMessage;
  const issues: { field: string; message: string }[] = [];
  if (m.apiVersion !== KETCH_API_VERSION) issues.push({ field: 'apiVersion', message: `must be ${KETCH_API_VERSION}` });
  const type = typeof m.kind === 'string' ? KETCH_KINDS[m.kind] : undefined;
  if (!type) issues.push({ field: 'kind', message: `must be one of ${Object.keys(KETCH_KINDS).join(', ')}` });
  const uid = str(m.metadata?.uid);
  if (!uid || uid.length > 200) issues.push({ field: 'metadata.uid', message: 'is required (at most 200 characters)' });
  const email = str(m.request?.subject?.email);
  if (!email) issues.push({ field: 'request.subject.email', message: 'is required: the person’s data is found by it' });
  const due = m.request?.dueTimestamp;
  if (due !== undefined && (typeof due !== 'number' || !Number.isFinite(due) || due <= 0)) issues.push({ field: 'request.dueTimestamp', message: 'must be a UNIX timestamp in seconds' });
  if (issues.length) throw invalid(issues);
  const regulation = str(m.request?.regulation)?.toLowerCase() ?? null;
  const name = [str(m.request?.subject?.firstName), str(m.request?.subject?.lastName)].filter(Boolean).join(' ') || null;
  return {
    type: type!, uid: uid!, tenant: str(m.metadata?.tenant),
    input: {
      type, email, name, details: str(m.request?.subject?.description), externalId: uid,
      regime: regulation && requestRegimes().includes(regulation) ? regulation : null,
      dueOn: typeof due === 'number' ? dateInZone(new Date(due * 1000), timeZone) : null,
    },
  };
}

/** Ketch's status and reason for a request here (api/dsr/v1/Status.md). */
export function ketchStatus(status: RequestStatus): { status: string; reason: string } {
  switch (status) {
    case 'awaiting_verification': return { status: 'pending', reason: 'need_user_verification' };
    case 'completed': return { status: 'completed', reason: 'executed' };
    case 'refused': return { status: 'denied', reason: 'unknown' };
    case 'withdrawn': case 'duplicate': return { status: 'cancelled', reason: 'unknown' };
    default: return { status: 'in_progress', reason: 'unknown' };
  }
}

/** The synchronous `<Kind>Response` for a request here. */
export function ketchResponse(kind: string, uid: string, tenant: string | null, r: Row<'dsr_requests'>): Record<string, unknown> {
  const end = Date.parse(`${r.customer_due_on ?? r.extended_due_on ?? r.due_on}T23:59:59Z`);
  return {
    apiVersion: KETCH_API_VERSION, kind: kind.replace(/Request$/, 'Response'), metadata: { uid, tenant },
    response: { ...ketchStatus(r.status), expectedCompletionTimestamp: Math.floor(end / 1000), requestID: r.reference },
  };
}

/** An error as Ketch reads it (api/runtime/v1/Error.md). */
export function ketchError(e: unknown, body: unknown): { code: number; body: Record<string, unknown> } {
  const meta = ((body && typeof body === 'object' ? (body as KetchMessage).metadata : undefined) ?? {}) as { uid?: unknown; tenant?: unknown };
  const err = isAppError(e) ? e : new AppError('internal_error', 500, 'something went wrong on our side');
  const status = err.status === 400 ? 'invalid' : err.status === 404 ? 'not_found' : err.status === 403 || err.status === 401 ? 'forbidden' : err.status === 409 ? 'conflict' : 'internal';
  return { code: err.status, body: { apiVersion: KETCH_API_VERSION, kind: 'Error', metadata: { uid: str(meta.uid), tenant: str(meta.tenant) }, error: { code: err.status, status, message: err.message } } };
}

/**
 * Receives a forwarded Ketch request for the customer. The same `metadata.uid` again answers with
 * the request already made (Ketch retries), never a second one.
 */
export async function receiveKetchRequest(deps: Deps, who: CustomerScope, body: unknown): Promise<Record<string, unknown>> {
  const customer = await deps.db.selectFrom('customers').innerJoin('workspaces', 'workspaces.id', 'customers.workspace_id')
    .select(['customers.time_zone', 'workspaces.time_zone as ws_zone']).where('customers.id', '=', who.customerId).executeTakeFirstOrThrow();
  const { input, uid, tenant } = ketchToRequestInput(body, customer.time_zone ?? customer.ws_zone);
  const kind = String((body as KetchMessage).kind);
  return inTransaction(deps, async (tx) => {
    const existing = await tx.db.selectFrom('dsr_requests').selectAll().where('workspace_id', '=', who.workspaceId).where('customer_id', '=', who.customerId)
      .where('channel', '=', 'customer').where('external_id', '=', uid).executeTakeFirst();
    if (existing) return ketchResponse(kind, uid, tenant, existing);
    const { request } = await submitRequest(tx as unknown as Deps, who.workspaceId, input, { channel: 'customer', actor: who.actor, customerId: who.customerId });
    return ketchResponse(kind, uid, tenant, request);
  });
}
