/**
 * Sending breach notices and keeping the record of every sending (append-only filings: who, what,
 * to whom, when, channel, reference number). A customer is told by e-mail to its contacts and by a
 * signed webhook (`incident.notified`), each a filing; notices to the authority or the people are
 * sent outside Trustroom and recorded here. Later phases (Art 33(4)) are new filings.
 */
import type { Row } from '../../db/schema.ts';
import { type Deps, inTransaction, type Scope, type TxDeps } from '../../shared/deps.ts';
import { conflict } from '../../shared/errors.ts';
import { escapeHtml } from '../../shared/html.ts';
import { newId } from '../../shared/ids.ts';
import { InputReader } from '../../shared/input.ts';
import { findCustomer } from '../customers/customers.queries.ts';
import { enqueueMessages } from '../mail/enqueue-message.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.ts';
import { draftNotice, type NoticeDraft } from './draft-notice.ts';
import { appendIncidentEvent } from './incident-events.ts';
import { getIncident, getObligation } from './incidents.queries.ts';
import { readInstant } from './manage-incidents.ts';

export const FILING_CHANNELS = ['email', 'webhook', 'portal', 'authority_portal', 'post', 'phone', 'other'] as const;
const PHASES = ['initial', 'update', 'final'] as const;
type Phase = (typeof PHASES)[number];

async function phaseFor(tx: TxDeps, o: Row<'incident_obligations'>, asked: Phase | null): Promise<Phase> {
  const filed = await tx.db.selectFrom('incident_filings').select('id').where('obligation_id', '=', o.id).limit(1).execute();
  const phase = asked ?? (filed.length ? 'update' : 'initial');
  if (phase === 'initial' && filed.length) throw conflict('the first notice was already filed: send an update', 'notice_already_filed');
  if (phase !== 'initial' && !filed.length) throw conflict('no notice was filed yet: the first one is the initial notice', 'notice_not_filed');
  return phase;
}

function usable(o: Row<'incident_obligations'>): void {
  if (o.state === 'void') throw conflict('this obligation is no longer in scope', 'obligation_void');
  if (o.decision === 'does_not_apply') throw conflict('this obligation was decided not to apply', 'obligation_not_required');
}

async function insertFiling(tx: TxDeps, scope: Scope, o: Row<'incident_obligations'>, f: { phase: Phase; channel: Row<'incident_filings'>['channel']; sentTo: string; sentAt: string; reference: string | null; content: string }): Promise<Row<'incident_filings'>> {
  const row: Row<'incident_filings'> = {
    id: newId(), workspace_id: scope.workspaceId, incident_id: o.incident_id, obligation_id: o.id, phase: f.phase, channel: f.channel,
    sent_by: scope.actor.label, sent_to: f.sentTo, sent_at: f.sentAt, reference: f.reference, content: f.content, created_at: tx.clock.now().toISOString(),
  };
  await tx.db.insertInto('incident_filings').values(row).execute();
  if (o.state === 'open') await tx.db.updateTable('incident_obligations').set({ state: 'filed', updated_at: row.created_at }).where('id', '=', o.id).execute();
  // The recipient's address stays in the filing; the audit chain gets ids and the channel only.
  await appendIncidentEvent(tx, scope, o.incident_id, {
    kind: 'notice_filed', data: { obligationId: o.id, filingId: row.id, regime: o.regime, phase: f.phase, channel: f.channel },
    audit: { subjectType: 'incident_filing', subjectId: row.id },
  });
  return row;
}

/** The draft for an obligation, from the register as it stands. */
export async function draftFor(deps: Deps | TxDeps, scope: Scope, obligationId: string, phase: Phase = 'initial'): Promise<NoticeDraft> {
  const o = await getObligation(deps.db, scope.workspaceId, obligationId);
  const incident = await getIncident(deps.db, scope.workspaceId, o.incident_id);
  const ws = await deps.db.selectFrom('workspaces').select(['name', 'legal_name']).where('id', '=', scope.workspaceId).executeTakeFirstOrThrow();
  const customer = o.customer_id ? await findCustomer(deps.db, scope.workspaceId, o.customer_id) : undefined;
  return draftNotice(incident, o, { workspaceName: ws.legal_name ?? ws.name, customerName: customer?.name ?? null, phase });
}

/**
 * Records a notice sent outside Trustroom (to the authority's portal, by post, by phone…): who
 * sent what to whom, when, and the reference number the recipient gave. Content defaults to the draft.
 */
export async function recordFiling(deps: Deps, scope: Scope, obligationId: string, raw: unknown): Promise<Row<'incident_filings'>> {
  const r = new InputReader(raw);
  const channel = r.choice('channel', FILING_CHANNELS, { required: true });
  const sentTo = r.text('sentTo', { required: true, max: 500 });
  const sentAt = readInstant(r, 'sentAt');
  const reference = r.text('reference', { max: 200 });
  const content = r.text('content', { max: 50_000 });
  const asked = r.choice('phase', PHASES);
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const o = await getObligation(tx.db, scope.workspaceId, obligationId);
    usable(o);
    const phase = await phaseFor(tx, o, asked);
    const text = content ?? (await draftFor(tx, scope, o.id, phase)).text;
    return insertFiling(tx, scope, o, { phase, channel: channel!, sentTo: sentTo!, sentAt: sentAt ?? tx.clock.now().toISOString(), reference, content: text });
  });
}

/**
 * Tells an affected customer: the notice by e-mail to each of its contacts and as a signed
 * `incident.notified` webhook to its endpoints, each recorded as a filing. Phase: initial first,
 * then updates as facts arrive, and a final report.
 */
export async function notifyCustomer(deps: Deps, scope: Scope, obligationId: string, raw: unknown = {}): Promise<Row<'incident_filings'>[]> {
  const r = new InputReader(raw);
  const asked = r.choice('phase', PHASES);
  r.done(null);
  return inTransaction(deps, async (tx) => {
    const o = await getObligation(tx.db, scope.workspaceId, obligationId);
    if (!o.customer_id) throw conflict('only a customer is notified from Trustroom; record other notices as filings', 'not_a_customer_obligation');
    usable(o);
    const phase = await phaseFor(tx, o, asked);
    const draft = await draftFor(tx, scope, o.id, phase);
    const customer = await findCustomer(tx.db, scope.workspaceId, o.customer_id);
    const sentAt = tx.clock.now().toISOString();
    const filings: Row<'incident_filings'>[] = [];
    const n = (await tx.db.selectFrom('incident_filings').select('id').where('obligation_id', '=', o.id).execute()).length;
    const contacts = customer?.contacts ?? [];
    if (contacts.length) {
      const html = `<p>${escapeHtml(draft.text).replace(/\n/g, '<br>\n')}</p>`;
      await enqueueMessages(tx, contacts.map((k) => ({
        workspaceId: scope.workspaceId, kind: 'incident.notified', recipientType: 'contact' as const, recipientId: k.id, to: k.email,
        idempotencyKey: `incident.notified:${o.id}:${n}:contact:${k.id}`, subject: draft.subject, text: draft.text, html,
      })));
      filings.push(await insertFiling(tx, scope, o, { phase, channel: 'email', sentTo: contacts.map((k) => k.email).join(', '), sentAt, reference: null, content: draft.text }));
    }
    const endpoints = await tx.db.selectFrom('webhook_endpoints').select('url').where('workspace_id', '=', scope.workspaceId).where('customer_id', '=', o.customer_id).where('active', '=', 1).execute();
    if (endpoints.length) {
      await enqueueWebhookEvent(tx, { workspaceId: scope.workspaceId, customerId: o.customer_id, changeId: null, event: 'incident.notified', eventKey: `incident.notified:${o.id}:${n}`, data: { ...draft.content } });
      const fresh = await getObligation(tx.db, scope.workspaceId, o.id);
      filings.push(await insertFiling(tx, scope, fresh, { phase, channel: 'webhook', sentTo: endpoints.map((e) => e.url).join(', '), sentAt, reference: null, content: JSON.stringify(draft.content) }));
    }
    if (!filings.length) throw conflict('the customer has no contact and no webhook endpoint: record how it was told as a filing', 'no_customer_channel');
    return filings;
  });
}
