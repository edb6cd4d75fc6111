/**
 * Test helper: a data-subject request row as intake would leave it (in progress, verified), so
 * fulfilment tests do not depend on the intake use-cases.
 */
import type { Row } from '../../../db/schema.ts';
import type { Deps } from '../../../shared/deps.ts';
import { newId, newSecret, sha256 } from '../../../shared/ids.ts';

let n = 0;

export async function insertRequest(deps: Deps, workspaceId: string, over: Partial<Row<'dsr_requests'>> & { email?: string } = {}): Promise<Row<'dsr_requests'>> {
  const now = deps.clock.now().toISOString();
  const { email = 'someone@example.test', ...rest } = over;
  const row: Row<'dsr_requests'> = {
    id: newId(), workspace_id: workspaceId, reference: `R-${Date.now().toString(36)}-${n++}`, type: 'erasure', regime: 'gdpr', channel: 'operator',
    controller: 'workspace', customer_id: null, requester_kind: 'self', subject_name: null, subject_email: email, subject_identity: JSON.stringify({ email }),
    agent_name: null, agent_email: null, agent_evidence: null, details: null, status: 'in_progress', verification_level: 'email', verified_at: now,
    received_at: now, received_on: now.slice(0, 10), time_zone: 'UTC', calendar: null, due_on: now.slice(0, 10), extended_due_on: null,
    extension_reason: null, extended_at: null, customer_due_on: null, external_id: null, status_token_hash: sha256(newSecret()), duplicate_of: null,
    outcome: null, outcome_reason: null, closed_at: null, created_at: now, updated_at: now, ...rest,
  };
  await deps.db.insertInto('dsr_requests').values(row).execute();
  return row;
}
