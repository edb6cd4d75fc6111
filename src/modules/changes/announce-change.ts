import { type Deps, inTransaction, type Scope } from '../../shared/deps.ts';
import { newSecret, sha256 } from '../../shared/ids.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { enqueueMessages, type OutgoingMessage } from '../mail/enqueue-message.ts';
import { findLatestVersion } from '../publishing/list-versions.queries.ts';
import { publications } from '../publishing/publish-list-version.ts';
import { subscriberWants, unsubscribeHeaders, unsubscribeUrl } from '../subscribers/subscriber-links.ts';
import { unsubscribeLinkBatch } from '../subscribers/unsubscribe-links.ts';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.ts';
import { listConfirmedSubscribers } from '../subscribers/subscribers.queries.ts';
import { listUrl, respondUrl } from './change-audience.ts';
import { type ChangeView, findChange } from './changes.queries.ts';
import { lockChange, scheduleChangeSteps } from './manage-changes.ts';
import { consentReminderAt } from './remind-consent.ts';
import { customerNotice, planAnnouncement } from './plan-announcement.ts';
import { renderAnnouncement } from './render-notices.ts';

export interface AnnounceResult {
  change: ChangeView;
  /** What the preview showed: customers whose date moves past the proposed one, without a contact, or whose contract does not authorise a transfer. */
  warnings: string[];
}

/**
 * Announces a draft (CH1, CH2) as planned by planAnnouncement (the preview shows the same plan):
 * fixes each touched customer's dates and link, and writes every
 * notice (customers' contacts, matching subscribers), webhook delivery and scheduled step in the
 * same transaction as the status change, so a crash leaves either all of it or none.
 */
export async function announceChange(deps: Deps, scope: Scope, id: string): Promise<AnnounceResult> {
  const result = await inTransaction(deps, async (tx) => {
    const row = await lockChange(tx, scope.workspaceId, id);
    const plan = await planAnnouncement(tx, scope.workspaceId, row);
    const { workspace, facts } = plan;
    const now = tx.clock.now();
    const latest = await findLatestVersion(tx.db, scope.workspaceId);
    await tx.db.updateTable('changes').set({
      status: 'announced', announced_at: now.toISOString(), announced_by: scope.actor.label, effective_at: plan.effectiveAt.toISOString(),
      notice: JSON.stringify(facts), version_before: latest?.version ?? null, updated_at: now.toISOString(),
    }).where('id', '=', id).execute();

    const list = listUrl(tx.publicUrl, workspace.slug);
    const messages: OutgoingMessage[] = [];
    const scheduled: { customerId: string; effectiveAt: Date }[] = [];
    const reminders: { customerId: string; runAt: Date }[] = [];
    for (const p of plan.customers) {
      const c = p.customer;
      const token = newSecret('chr_');
      await tx.db.insertInto('change_customers').values({
        change_id: id, customer_id: c.id, workspace_id: scope.workspaceId, authorisation: c.authorisation, notice_days: c.effectiveNoticeDays, notice_period: c.effectiveNoticePeriod, calendar: c.calendar, time_zone: c.effectiveTimeZone,
        window_ends_on: p.windowEndsOn, effective_date: p.effectiveDate, effective_at: p.effectiveAt.toISOString(), token_hash: sha256(token),
        status: 'notified', consent: null, consent_name: null, consent_title: null, consent_at: null, settled_at: null,
      }).execute();
      scheduled.push({ customerId: c.id, effectiveAt: p.effectiveAt });
      if (p.authorisation === 'specific') {
        const runAt = consentReminderAt(now, p.effectiveAt);
        if (runAt) reminders.push({ customerId: c.id, runAt });
      }
      const respond = respondUrl(tx.publicUrl, workspace.slug, token);
      const rendered = customerNotice(plan, p, tx.publicUrl, respond);
      for (const contact of c.contacts) {
        messages.push({ workspaceId: scope.workspaceId, changeId: id, kind: 'change.announced', recipientType: 'contact', recipientId: contact.id, to: contact.email, idempotencyKey: `change.announced:${id}:contact:${contact.id}`, ...rendered });
      }
      await enqueueWebhookEvent(tx, {
        workspaceId: scope.workspaceId, customerId: c.id, changeId: id, event: 'change.announced', eventKey: `change.announced:${id}:${c.id}`,
        data: {
          changeId: id, title: row.title, reason: row.reason, proposedDate: row.proposed_date, effectiveDate: p.effectiveDate, objectionDeadline: p.lastDayToObject,
          authorisation: c.authorisation, consentRequired: c.authorisation === 'specific', contractFlags: p.contractFlags, respondUrl: respond, items: facts.items,
        },
      });
    }
    const unsubscribeLinks = unsubscribeLinkBatch(tx, scope.workspaceId);
    for (const s of await listConfirmedSubscribers(tx.db, scope.workspaceId)) {
      if (!subscriberWants(s, plan.touched)) continue;
      const unsub = unsubscribeUrl(tx.publicUrl, workspace.slug, unsubscribeLinks.tokenFor(s.id));
      const rendered = renderAnnouncement(facts, { effectiveDate: row.proposed_date, listUrl: list, unsubscribeUrl: unsub });
      messages.push({ workspaceId: scope.workspaceId, changeId: id, kind: 'change.announced', recipientType: 'subscriber', recipientId: s.id, to: s.email, idempotencyKey: `change.announced:${id}:subscriber:${s.id}`, ...rendered, headers: unsubscribeHeaders(unsub) });
    }
    await unsubscribeLinks.save();
    await enqueueMessages(tx, messages);
    await scheduleChangeSteps(tx, row, plan.effectiveAt, scheduled, reminders);
    const change = (await findChange(tx.db, scope.workspaceId, id)) as ChangeView;
    await recordAuditEvent(tx, {
      workspaceId: scope.workspaceId, actor: scope.actor, action: 'change.announced', subjectType: 'change', subjectId: id,
      after: { status: 'announced', proposedDate: row.proposed_date, customers: plan.customers.length, messages: messages.length, warnings: plan.warnings.length },
    });
    return { change, warnings: plan.warnings };
  });
  publications.emit('published', scope.workspaceId);
  return result;
}
