/**
 * Helpers of the forwarding tests: a workspace with a customer (contacts, zone, term) whose end
 * user's request an operator entered with the identity checked, so it is passed on at once.
 */
import { buildCustomer, buildWorkspace } from '../../../../test/factories.ts';
import type { Row } from '../../../db/schema.ts';
import type { Deps, Scope } from '../../../shared/deps.ts';
import { submitRequest } from '../submit-request.ts';

export interface ForwardingFixture {
  workspaceId: string;
  slug: string;
  scope: Scope;
  customerId: string;
  otherCustomerId: string;
}

/** A workspace in Paris with customer "Hooli SA" (two contacts) and a second customer, "Pied Piper". */
export async function forwardingFixture(deps: Deps, over: { within?: string; zone?: string; calendar?: string } = {}): Promise<ForwardingFixture> {
  const { workspace, scope } = await buildWorkspace(deps, { name: 'Influxis' });
  await deps.db.updateTable('workspaces').set({ country: 'FR', time_zone: 'Europe/Paris' }).where('id', '=', workspace.id).execute();
  const customer = await buildCustomer(deps, scope, { name: 'Hooli SA', country: 'FR', contacts: [{ email: 'dpo@hooli.test', name: 'Gavin B' }, { email: 'legal@hooli.test', name: 'Legal' }] });
  const other = await buildCustomer(deps, scope, { name: 'Pied Piper', country: 'FR', contacts: [{ email: 'dpo@piper.test', name: 'Richard' }] });
  await deps.db.updateTable('customers').set({ dsr_forward_within: over.within ?? null, time_zone: over.zone ?? null, subdivision: over.calendar ?? null }).where('id', '=', customer.id).execute();
  return { workspaceId: workspace.id, slug: workspace.slug, scope, customerId: customer.id, otherCustomerId: other.id };
}

/** An erasure request from Hooli's end user, entered by an operator who checked the identity: it is passed on. */
export async function forwardedRequest(deps: Deps, f: ForwardingFixture, over: Record<string, unknown> = {}): Promise<Row<'dsr_requests'>> {
  const { request } = await submitRequest(deps, f.workspaceId, {
    type: 'erasure', name: 'Ana Lima', email: 'ana@example.org', customer: f.customerId, details: 'Please delete my account.',
    identityChecked: 'true', identityNote: 'Called back on the number on file', ...over,
  }, { channel: 'operator', actor: f.scope.actor });
  return request;
}
