/**
 * Demo legal demands for Scalingo (its DPA, seed 004 §13: "promptly notify the Customer of any
 * subpoena, judicial, administrative or arbitral order … except as otherwise required by law"):
 * a court order under a non-disclosure order, whose notice to the customer is held until the
 * order's end date, and three closed demands of the previous half-year, so that the public
 * transparency report has something to count. Every authority and case is fictitious.
 */
import type { Deps, Scope } from '../../../shared/deps.ts';
import { addDays, dateInZone } from '../../periods/zoned-dates.ts';
import { workspaceZone } from '../legal-demands.queries.ts';
import { recordOutcome, registerLegalDemand } from '../manage-legal-demands.ts';

/** The demo seeder for legal demands (see demo/demo-seeders.ts). */
export async function seedDemoLegalDemands(deps: Deps, scope: Scope, workspaceSlug: string): Promise<void> {
  if (workspaceSlug !== 'scalingo') return;
  const customer = await deps.db.selectFrom('customers').select('id').where('workspace_id', '=', scope.workspaceId).orderBy('created_at').executeTakeFirst();
  const today = dateInZone(deps.clock.now(), await workspaceZone(deps.db, scope.workspaceId));
  const halfStart = `${today.slice(0, 4)}-${Number(today.slice(5, 7)) <= 6 ? '01' : '07'}-01`;
  const past = [
    { days: 150, outcome: 'disclosed_partial', disclosed: 'Account holder name and sign-up date of one account; no content.' },
    { days: 100, outcome: 'nothing_disclosed', disclosed: null },
    { days: 50, outcome: 'challenged', disclosed: null },
  ];
  for (const p of past) {
    const d = await registerLegalDemand(deps, scope, {
      authorityName: 'Example public prosecutor (fictitious)', authorityType: 'law_enforcement', country: 'FR', legalBasis: 'Code de procédure pénale, art. 60-1 (example)',
      scope: "Identification data of the holder of one application's account (example)", receivedAt: addDays(halfStart, -p.days), customerIds: [],
    });
    await recordOutcome(deps, scope, d.id, { outcome: p.outcome, disclosed: p.disclosed });
  }
  await registerLegalDemand(deps, scope, {
    authorityName: 'Example district court (fictitious)', authorityType: 'court', country: 'US', reference: 'EX-2026-0042 (fictitious)',
    legalBasis: '18 U.S.C. § 2703(d) order (Stored Communications Act), example', scope: "Logs of one application's HTTP access for 90 days (example)",
    receivedAt: addDays(today, -3), deadline: addDays(today, 11), customerIds: customer ? [customer.id] : [],
    prohibited: true, prohibitionReference: '18 U.S.C. § 2705(b) order, kept in the legal file (example)', prohibitionEndsOn: addDays(today, 180),
  });
}
