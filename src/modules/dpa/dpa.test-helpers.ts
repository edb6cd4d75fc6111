/**
 * A workspace set up like a real processor for DPA tests: particulars (with a signatory), two
 * services with one sub-processor each (plus one for every service) published as list version 1,
 * processing activities and measures made through their modules' use-cases, and a customer using
 * only one service.
 */
import { buildCustomer, buildEngagement, buildEntity, buildService, buildWorkspace } from '../../../test/factories.ts';
import type { Deps, Scope } from '../../shared/deps.ts';
import { SYSTEM_ACTOR } from '../../shared/deps.ts';
import { createMeasure } from '../measures/manage-measures.ts';
import { publishListVersion } from '../publishing/publish-list-version.ts';
import { createActivity } from '../records/manage-activities.ts';
import { updateProcessorParticulars } from '../workspaces/workspaces.ts';
import { createDpaDraft, publishDpaVersion } from './manage-dpa-versions.ts';

export const TEMPLATE = `## 1. Parties

This agreement binds {{processor.name}} and {{customer.name}} ({{customer.country}}).

## 2. Audits

At most once every {{customer.audit_frequency_months}} months, with {{customer.audit_notice_days}} days' notice. Changes announced {{customer.notice_days}} days ahead.

At the end: {{customer.termination_handling}} within {{customer.termination_days}} days. Version {{dpa.version}} of {{dpa.published_on}}. Authority: {{customer.supervisory_authority}}.
`;

export async function buildDpaWorkspace(deps: Deps) {
  const { workspace, scope } = await buildWorkspace(deps);
  await updateProcessorParticulars(deps, SYSTEM_ACTOR, workspace.id, {
    legalName: 'Example Cloud SAS', address: '1 place de la Gare, 67000 Strasbourg', country: 'FR', contactName: 'Claire Martin',
    contactEmail: 'privacy@example-cloud.test', dpoContact: 'dpo@example-cloud.test', signatoryName: 'Paul Durand', signatoryTitle: 'Managing director',
  });
  const connect = await buildService(deps, scope, { slug: 'connect', name: 'Connect' });
  const commerce = await buildService(deps, scope, { slug: 'commerce', name: 'Commerce' });
  const hoster = await buildEntity(deps, scope, { name: 'Hoster', legalName: 'Hoster GmbH', country: 'DE', address: 'Hauptstraße 1, Berlin', contactEmail: 'privacy@hoster.test' });
  const mailer = await buildEntity(deps, scope, { name: 'Mailer', country: 'US', address: '1 Market St, San Francisco', contactEmail: 'legal@mailer.test' });
  const ledger = await buildEntity(deps, scope, { name: 'Ledger', country: 'FR' });
  await buildEngagement(deps, scope, { entityId: hoster.id, purpose: 'Hosting of Connect', services: ['connect'], countries: ['DE'] });
  await buildEngagement(deps, scope, { entityId: mailer.id, purpose: 'E-mail for Commerce', services: ['commerce'], countries: ['US'], transferMechanisms: ['scc-2021'] });
  await buildEngagement(deps, scope, { entityId: ledger.id, purpose: 'Invoicing', countries: ['FR'] });
  // Customers see what is published (their view), never the live registry.
  await publishListVersion(deps, scope, {});
  await insertActivity(deps, scope, { name: 'Hosting applications', services: [connect.slug], categories: ['user.contact.email'] });
  await insertActivity(deps, scope, { name: 'Order handling', services: [commerce.slug], categories: ['user.financial'] });
  await insertMeasure(deps, scope, { category: 'physical_access_control', title: 'Badge access to premises', description: 'Only staff with a badge enter.' });
  await insertMeasure(deps, scope, { category: 'transmission_control', title: 'TLS everywhere', description: 'Traffic is encrypted with TLS 1.2 or later.' });
  const customer = await buildCustomer(deps, scope, {
    name: 'CloudBlue Example', country: 'FR', services: ['connect'], address: '5 rue de la Paix, Paris', contactPerson: 'Jeanne Dupont, DPO',
    auditFrequencyMonths: 24, contacts: [{ email: 'dpo@cloudblue.test', name: 'DPO' }, { email: 'legal@cloudblue.test' }],
  });
  return { workspace, scope, customer, services: { connect, commerce } };
}

/** A processor activity through the records module's own use-case; `services` are slugs. */
export async function insertActivity(deps: Deps, scope: Scope, o: { name: string; services: string[]; categories: string[] }) {
  return createActivity(deps, scope, {
    role: 'processor', name: o.name, purposes: [`${o.name} for the customer`], dataSubjects: ['End users'], dataCategories: o.categories,
    nature: 'Storage and computation', frequency: 'continuous', retention: '30 days after the end of the contract', services: o.services,
  });
}

/** A measure through the measures module's own use-case. */
export async function insertMeasure(deps: Deps, scope: Scope, o: { category: string; title: string; description: string }) {
  return createMeasure(deps, scope, o);
}

/** Publishes a version with `body` (the test template by default). */
export async function publishDpa(deps: Deps, scope: Scope, body = TEMPLATE, title = 'Data Processing Agreement') {
  const draft = await createDpaDraft(deps, scope, { title, body });
  return (await publishDpaVersion(deps, scope, draft.id)).version;
}

/**
 * What publishing a DPA needs in a bare workspace (dpa-readiness.ts): the processor's particulars
 * with a signatory, one processor activity for every service, one measure.
 */
export async function makeDpaPublishable(deps: Deps, scope: Scope): Promise<void> {
  await fillDpaParticulars(deps, scope);
  await insertActivity(deps, scope, { name: 'Hosting', services: [], categories: ['user.contact.email'] });
  await insertMeasure(deps, scope, { category: 'transmission_control', title: 'TLS everywhere', description: 'Traffic is encrypted with TLS 1.2 or later.' });
}

/** The processor's particulars Annex I needs, with a signatory (for workspaces that have activities and measures already). */
export async function fillDpaParticulars(deps: Deps, scope: Scope): Promise<void> {
  await updateProcessorParticulars(deps, SYSTEM_ACTOR, scope.workspaceId, {
    legalName: 'Publishable SAS', address: '2 rue Exemple, 75002 Paris', country: 'FR', contactName: 'Camille Martin, privacy lead',
    contactEmail: 'privacy@publishable.test', signatoryName: 'Dominique Bernard', signatoryTitle: 'Managing director',
  });
}
