import { type Deps, inTransaction, type Scope } from '../../shared/deps.ts';
import { conflict, invalid } from '../../shared/errors.ts';
import { newSecret, sha256 } from '../../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { enqueueMessages, type OutgoingMessage } from '../mail/enqueue-message.ts';
import { findLatestVersion } from '../publishing/list-versions.queries.ts';
import { publications } from '../publishing/publish-list-version.ts';
import { listEngagements } from '../registry/registry.queries.ts';
import { subscriberWants, unsubscribeHeaders, unsubscribeUrl } from '../subscribers/subscriber-links.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.ts';
import { listCustomers } from '../customers/customers.queries.ts';
import { listConfirmedSubscribers } from '../subscribers/subscribers.queries.ts';
import { listUrl, respondUrl } from './change-audience.ts';
import { customerTouched, parseOperations, touchedBy } from './change-operations.ts';
import { type ChangeView, findChange } from './changes.queries.ts';
import { lockChange, scheduleChangeSteps } from './manage-changes.ts';
import { buildNoticeFacts } from './notice-facts.ts';
import { customerDates, dateInZone, startOfDayInZone } from './notice-dates.ts';
import { renderAnnouncement } from './render-notices.ts';

export interface AnnounceResult {
  change: ChangeView;
  /** Customers whose notice period pushes their date past the proposed one. */
  warnings: string[];
}

/**
 * Announces a draft (CH1, CH2): fixes each touched customer's dates and link, and writes every
 * notice (customers' contacts, matching subscribers), webhook delivery and scheduled step in the
 * same transaction as the status change, so a crash leaves either all of it or none.
 */
export async function announceChange(deps: Deps, scope: Scope, id: string): Promise<AnnounceResult> {
  const result = await inTransaction(deps, async (tx) => {
    const row = await lockChange(tx, scope.workspaceId, id);
    if (row.status !== 'draft') throw conflict(`the change is ${row.status.replace('_', ' ')}, not a draft`, 'change_not_draft');
    const workspace = await tx.db.selectFrom('workspaces').selectAll().where('id', '=', scope.workspaceId).executeTakeFirstOrThrow();
    const now = tx.clock.now();
    const today = dateInZone(now, workspace.time_zone);
    if (row.proposed_date <= today) throw invalid('proposedDate', `must be after today (${today} in ${workspace.time_zone}): a change is announced before it starts`);
    const issues: { field: string; message: string }[] = [];
    // The registry may have moved since the draft was written: check the operations again.
    const operations = await parseOperations(tx.db, scope.workspaceId, JSON.parse(row.operations), issues);
    if (issues.length) throw invalid(issues);
    const current = new Map((await listEngagements(tx.db, scope.workspaceId)).map((g) => [g.id, g]));
    const touched = touchedBy(operations, current);
    const facts = await buildNoticeFacts(tx.db, workspace, { title: row.title, reason: row.reason, proposedDate: row.proposed_date }, operations, touched);
    const effectiveAt = startOfDayInZone(row.proposed_date, workspace.time_zone);
    const latest = await findLatestVersion(tx.db, scope.workspaceId);
    await tx.db.updateTable('changes').set({
      status: 'announced', announced_at: now.toISOString(), announced_by: scope.actor.label, effective_at: effectiveAt.toISOString(),
      notice: JSON.stringify(facts), version_before: latest?.version ?? null, updated_at: now.toISOString(),
    }).where('id', '=', id).execute();

    const list = listUrl(tx.publicUrl, workspace.slug);
    const messages: OutgoingMessage[] = [];
    const warnings: string[] = [];
    const scheduled: { customerId: string; effectiveAt: Date }[] = [];
    const customers = (await listCustomers(tx.db, workspace.id)).filter((c) => customerTouched(c, touched));
    for (const c of customers) {
      const dates = customerDates({ announcedAt: now, noticeDays: c.effectiveNoticeDays, timeZone: c.effectiveTimeZone, proposedDate: row.proposed_date });
      if (dates.effectiveDate > row.proposed_date) warnings.push(`${c.name}: ${c.effectiveNoticeDays} days' notice puts its date at ${dates.effectiveDate}`);
      const token = newSecret('chr_');
      await tx.db.insertInto('change_customers').values({
        change_id: id, customer_id: c.id, workspace_id: scope.workspaceId, authorisation: c.authorisation, notice_days: c.effectiveNoticeDays, time_zone: c.effectiveTimeZone,
        window_ends_on: dates.windowEndsOn, effective_date: dates.effectiveDate, effective_at: dates.effectiveAt.toISOString(), token_hash: sha256(token),
        status: 'notified', consent: null, consent_name: null, consent_title: null, consent_at: null, settled_at: null,
      }).execute();
      scheduled.push({ customerId: c.id, effectiveAt: dates.effectiveAt });
      const respond = respondUrl(tx.publicUrl, workspace.slug, token);
      const rendered = renderAnnouncement(facts, { customerName: c.name, authorisation: c.authorisation, effectiveDate: dates.effectiveDate, windowEndsOn: dates.windowEndsOn, respondUrl: respond, listUrl: list });
      for (const contact of c.contacts) {
        messages.push({ workspaceId: scope.workspaceId, changeId: id, kind: 'change.announced', recipientType: 'contact', recipientId: contact.id, to: contact.email, idempotencyKey: `change.announced:${id}:contact:${contact.id}`, ...rendered });
      }
      await enqueueWebhookEvent(tx, {
        workspaceId: scope.workspaceId, customerId: c.id, changeId: id, event: 'change.announced', eventKey: `change.announced:${id}:${c.id}`,
        data: { changeId: id, title: row.title, reason: row.reason, proposedDate: row.proposed_date, effectiveDate: dates.effectiveDate, objectionDeadline: dates.windowEndsOn, authorisation: c.authorisation, respondUrl: respond, items: facts.items },
      });
    }
    for (const s of await listConfirmedSubscribers(tx.db, scope.workspaceId)) {
      if (!subscriberWants(s, touched)) continue;
      const unsub = unsubscribeUrl(tx.publicUrl, workspace.slug, s.unsubscribeToken);
      const rendered = renderAnnouncement(facts, { effectiveDate: row.proposed_date, listUrl: list, unsubscribeUrl: unsub });
      messages.push({ workspaceId: scope.workspaceId, changeId: id, kind: 'change.announced', recipientType: 'subscriber', recipientId: s.id, to: s.email, idempotencyKey: `change.announced:${id}:subscriber:${s.id}`, ...rendered, headers: unsubscribeHeaders(unsub) });
    }
    await enqueueMessages(tx, messages);
    await scheduleChangeSteps(tx, row, effectiveAt, scheduled);
    const change = (await findChange(tx.db, scope.workspaceId, id)) as ChangeView;
    await recordAuditEvent(tx, {
      workspaceId: scope.workspaceId, actor: scope.actor, action: 'change.announced', subjectType: 'change', subjectId: id,
      after: { status: 'announced', proposedDate: row.proposed_date, customers: customers.length, messages: messages.length },
    });
    return { change, warnings };
  });
  publications.emit('published', scope.workspaceId);
  return result;
}
