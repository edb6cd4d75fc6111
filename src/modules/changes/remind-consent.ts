/**
 * Reminders under specific authorisation (issue 10 §2): a change waits for each such customer's
 * consent, so before the proposed date the customers that have not answered hear again (once).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Deps } from '../../shared/deps.ts';
import { inTransaction } from '../../shared/deps.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { findCustomer } from '../customers/customers.queries.ts';
import { enqueueMessages } from '../mail/enqueue-message.ts';
import { listUrl, portalChangeUrl } from './change-audience.ts';
import { SCHEDULER } from './apply-change.ts';
import type { NoticeFacts } from './notice-facts.ts';
import { renderConsentReminder } from './render-notices.ts';

interface ReminderRules { version: string; leadDays: number; minimumHoursBefore: number }

let cached: ReminderRules | null = null;
const rules = (): ReminderRules => (cached ??= parse(readFileSync(new URL('./rules/consent-reminders.yaml', import.meta.url), 'utf8')) as ReminderRules);

const HOUR = 3600_000;

/** When to remind a customer whose consent a change waits for; null when there is no time left for it. */
export function consentReminderAt(announcedAt: Date, effectiveAt: Date): Date | null {
  const r = rules();
  const lead = new Date(effectiveAt.getTime() - r.leadDays * 24 * HOUR);
  const at = lead.getTime() > announcedAt.getTime() ? lead : new Date((announcedAt.getTime() + effectiveAt.getTime()) / 2);
  return effectiveAt.getTime() - at.getTime() >= r.minimumHoursBefore * HOUR ? at : null;
}

/** The `change.consent_reminder` job (ref `changeId:customerId`): reminds the customer's contacts if it has still not answered. */
export async function remindConsent(deps: Deps, ref: string): Promise<void> {
  const [changeId, customerId] = ref.split(':') as [string, string];
  await inTransaction(deps, async (tx) => {
    const change = await tx.db.selectFrom('changes').selectAll().where('id', '=', changeId).executeTakeFirst();
    if (!change || (change.status !== 'announced' && change.status !== 'in_effect')) return;
    const cc = await tx.db.selectFrom('change_customers').selectAll().where('change_id', '=', changeId).where('customer_id', '=', customerId).executeTakeFirst();
    if (!cc || cc.authorisation !== 'specific' || cc.consent !== null || cc.reminded_at !== null || cc.status === 'in_effect' || cc.status === 'withdrawn') return;
    const customer = await findCustomer(tx.db, change.workspace_id, customerId);
    const workspace = await tx.db.selectFrom('workspaces').select('slug').where('id', '=', change.workspace_id).executeTakeFirstOrThrow();
    const facts = JSON.parse(change.notice as string) as NoticeFacts;
    const now = tx.clock.now().toISOString();
    if (customer) {
      const rendered = renderConsentReminder(facts, {
        customerName: customer.name, authorisation: 'specific', effectiveDate: cc.effective_date,
        respondUrl: portalChangeUrl(tx.publicUrl, workspace.slug, changeId), listUrl: listUrl(tx.publicUrl, workspace.slug),
      });
      await enqueueMessages(tx, customer.contacts.map((k) => ({
        workspaceId: change.workspace_id, changeId, kind: 'change.consent_reminder', recipientType: 'contact' as const, recipientId: k.id, to: k.email,
        idempotencyKey: `change.consent_reminder:${changeId}:contact:${k.id}`, ...rendered,
      })));
    }
    await tx.db.updateTable('change_customers').set({ reminded_at: now }).where('change_id', '=', changeId).where('customer_id', '=', customerId).execute();
    await recordAuditEvent(tx, { workspaceId: change.workspace_id, actor: SCHEDULER, action: 'change.consent_reminded', subjectType: 'change', subjectId: changeId, after: { customerId, contacts: customer?.contacts.length ?? 0 } });
  });
}
