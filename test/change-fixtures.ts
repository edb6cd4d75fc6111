/**
 * Fixtures for the change workflow's HTTP tests: a clock the test moves, a workspace with an
 * engagement and three customers (general, specific, and one with a long notice period), a
 * change proposal, and the customer's response link read from its announcement e-mail.
 */
import type { Db } from '../src/db/schema.ts';
import type { Clock } from '../src/shared/clock.ts';
import type { Deps } from '../src/shared/deps.ts';
import { buildCustomer, buildEngagement, buildEntity, buildWorkspace } from './factories.ts';

/** "Now" in these tests: a Monday; changes are proposed for 2030-04-15. */
export const NOW = '2030-03-04T09:00:00.000Z';
export const PROPOSED = '2030-04-15';

/** A clock stuck at an instant the test may move. */
export function movableClock(iso = NOW): Clock & { set(iso: string): void } {
  let now = new Date(iso);
  return { now: () => now, set: (next: string) => { now = new Date(next); } };
}

/** A workspace with one engagement, an entity to add, and customers under each kind of terms. */
export async function changeWorkspace(deps: Deps) {
  const { workspace, scope } = await buildWorkspace(deps);
  const newcomer = await buildEntity(deps, scope, { name: 'Mailjet SAS', country: 'FR' });
  const current = await buildEngagement(deps, scope, { entityId: (await buildEntity(deps, scope, { name: 'Sendgrid Inc', country: 'US' })).id, purpose: 'E-mail delivery', countries: ['US'] });
  const general = await buildCustomer(deps, scope, { name: 'Globex General' });
  const specific = await buildCustomer(deps, scope, { name: 'Initech Specific', authorisation: 'specific' });
  const slow = await buildCustomer(deps, scope, { name: 'Umbrella Slow', noticeDays: 60 });
  return { workspace, scope, slug: workspace.slug, newcomer, current, customers: { general, specific, slow } };
}

export type ChangeWorkspace = Awaited<ReturnType<typeof changeWorkspace>>;

/** A proposal replacing the current e-mail provider by the new one. */
export const changeBody = (f: ChangeWorkspace, over: Record<string, unknown> = {}) => ({
  title: 'New e-mail delivery provider',
  reason: 'Better deliverability inside the EU.',
  proposedDate: PROPOSED,
  operations: [{ op: 'replace', engagementId: f.current.id, engagement: { entityId: f.newcomer.id, purpose: 'E-mail delivery', countries: ['FR'], transferMechanisms: [] } }],
  ...over,
});

/** The response link's token of a customer, read from the announcement sent to its contact. */
export async function respondToken(db: Db, customerId: string, changeId: string): Promise<string> {
  const row = await db.selectFrom('messages').innerJoin('customer_contacts', 'customer_contacts.id', 'messages.recipient_id')
    .select('messages.text_body').where('messages.change_id', '=', changeId).where('messages.kind', '=', 'change.announced')
    .where('customer_contacts.customer_id', '=', customerId).executeTakeFirstOrThrow();
  const m = /\/changes\/respond\/([^\s/]+)/.exec(row.text_body);
  if (!m) throw new Error('no response link in the announcement');
  return decodeURIComponent(m[1]);
}

/**
 * Checks what WCAG asks of a page's structure: one h1, headings that never skip a level, and a
 * label (or a legend, for radios and checkboxes in a fieldset) for every visible form control.
 */
export function pageStructureProblems(page: string): string[] {
  const problems: string[] = [];
  const main = /<main id="main">([\s\S]*)<\/main>/.exec(page)?.[1] ?? page;
  const levels = [...main.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
  if (levels.filter((l) => l === 1).length !== 1) problems.push(`${levels.filter((l) => l === 1).length} h1`);
  levels.forEach((l, i) => {
    if (i > 0 && l > levels[i - 1] + 1) problems.push(`h${l} after h${levels[i - 1]}`);
  });
  for (const m of main.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
    if (/type="hidden"/.test(m[2])) continue;
    const id = /\bid="([^"]+)"/.exec(m[2])?.[1];
    if (!id || !main.includes(`<label for="${id}"`)) problems.push(`${m[1]} ${id ?? '(no id)'} has no label`);
  }
  return problems;
}
