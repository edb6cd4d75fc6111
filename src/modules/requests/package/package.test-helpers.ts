/** Test helpers of the access package: a request row, a key file in a temporary folder, a small access result. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWorkspace } from '../../../../test/factories.ts';
import type { Deps } from '../../../shared/deps.ts';
import { newId, sha256 } from '../../../shared/ids.ts';
import { readDatasets } from '../fulfilment/dataset.ts';
import { shopYaml } from '../fulfilment/shop-fixture.ts';

let counter = 0;

/** A workspace and an access request in it (only the NOT NULL columns the package needs). */
export async function buildAccessRequest(deps: Deps, over: { slug?: string; name?: string } = {}) {
  const { workspace, scope } = await buildWorkspace(deps, over);
  const now = deps.clock.now().toISOString();
  const id = newId();
  const reference = `R-${(++counter).toString().padStart(4, '0')}`;
  await deps.db.insertInto('dsr_requests').values({
    id, workspace_id: workspace.id, reference, type: 'access', regime: 'gdpr', channel: 'web', controller: 'workspace', customer_id: null,
    requester_kind: 'self', subject_name: null, subject_email: null, agent_name: null, agent_email: null, agent_evidence: null, details: null,
    status: 'in_progress', verification_level: 'email', verified_at: null, received_at: now, received_on: now.slice(0, 10), time_zone: 'UTC',
    calendar: null, due_on: now.slice(0, 10), extended_due_on: null, extension_reason: null, extended_at: null, customer_due_on: null,
    external_id: null, status_token_hash: sha256(newId()), duplicate_of: null, outcome: null, outcome_reason: null, closed_at: null, created_at: now, updated_at: now,
  }).execute();
  return { workspace, scope, requestId: id, reference };
}

/** A key file path in a fresh temporary folder (the file does not exist yet). */
export const tempKeyFile = () => join(mkdtempSync(join(tmpdir(), 'trustroom-package-')), 'package-key');

export const ALICE_EMAIL = 'alice.martin@example.test';

/** Rows as accessRequest returns them for the shop fixture's datasets. */
export const shopDatasets = () => readDatasets([{ name: 'shop.yml', text: shopYaml() }]);
export const sampleResult = () => ({
  collections: {
    'shop:customers': [{ id: 1, email: ALICE_EMAIL, name: 'Alice Martin', phone: '+33 1 23 45 67 89', created_at: '2026-01-02' }],
    'shop:addresses': [
      { id: 10, customer_id: 1, street: '1 rue de la Paix, bât. "B"', city: 'Paris', postal_code: '75001' },
      { id: 11, customer_id: 1, street: 'line one\nline two', city: 'Lyon', postal_code: null },
    ],
    'shop:order_items': [{ id: 100, order_id: 2, product_sku: 'SKU-1', gift_message: '=HYPERLINK("http://evil.example","click")' }],
    'shop:cards': [],
  },
});
