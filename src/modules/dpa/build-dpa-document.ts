/**
 * One customer's DPA as a document: the version's template with the customer's values put in,
 * then the annexes (2021/915 numbering): parties from the workspace's particulars and the
 * customer, the processing from the records, the measures, and the sub-processors from the
 * customer's view at this instant (customer-view) — what is in effect for it and what is proposed
 * to it, never the live registry.
 *
 * The canonical form is the HTML fragment (an <article> whose title is an <h2>, so it sits under
 * a page's own <h1>); its SHA-256 is what an acceptance records. Dates printed in it are the
 * version's publication date, never the clock — unless the template uses {{today}} — so the hash
 * only changes when the template, the customer or the annex data change. The hash cannot be
 * inside what it hashes: it is printed in the PDF footer only.
 */
import { periodLabel } from '../periods/period.ts';
import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { notFound } from '../../shared/errors.ts';
import { sha256 } from '../../shared/ids.ts';
import { dateInZone } from '../periods/zoned-dates.ts';
import { viewCustomerAt } from '../customer-view/view-customer-at.ts';
import { type CustomerView, findCustomer } from '../customers/customers.queries.ts';
import { TERMINATION_LABELS } from '../customers/customers.ts';
import { type SupervisoryAuthority, supervisoryAuthorityFor } from '../customers/supervisory-authority.ts';
import type { DocumentModel } from '../documents/document.ts';
import { markdownToBlocks } from '../documents/markdown-to-blocks.ts';
import { renderDocumentHtml } from '../documents/render-document-html.ts';
import { appliesTo, loadRecordContext } from '../records/processor-record.ts';
import { assessCountry } from '../transfers/assess-engagements.ts';
import { countryName } from '../vocab/vocab.ts';
import { findWorkspace, type WorkspaceView } from '../workspaces/workspaces.ts';
import { type AnnexParty, annexBlocks } from './dpa-annexes.ts';
import type { DpaVersionView } from './dpa.ts';
import { placeholderCatalogue, substitutePlaceholders } from './placeholders.ts';

export interface BuiltDpa {
  document: DocumentModel;
  html: string;
  sha256: string;
}

const NOT_STATED = '(not stated)';

/** The value of every catalogue placeholder for this customer and version, as text. */
export function placeholderValues(w: WorkspaceView, c: CustomerView, v: Pick<DpaVersionView, 'version' | 'publishedAt'>, today: string, authority: SupervisoryAuthority = c.competentAuthority): Record<string, string> {
  const defaults = new Map(placeholderCatalogue().placeholders.map((p) => [p.name, p.default]));
  const num = (name: string, value: number | null) => String(value ?? defaults.get(name) ?? NOT_STATED);
  const country = (cc: string | null) => (cc ? countryName(cc) : NOT_STATED);
  return {
    'processor.name': w.processor.legalName ?? w.name,
    'processor.address': w.processor.address ?? NOT_STATED,
    'processor.country': country(w.processor.country),
    'processor.contact_name': w.processor.contactName ?? NOT_STATED,
    'processor.contact_email': w.processor.contactEmail ?? NOT_STATED,
    'processor.dpo_contact': w.processor.dpoContact ?? NOT_STATED,
    'processor.representative': w.processor.representative ?? NOT_STATED,
    'processor.signatory_name': w.processor.signatoryName ?? NOT_STATED,
    'processor.signatory_title': w.processor.signatoryTitle ?? NOT_STATED,
    'customer.name': c.name,
    'customer.address': c.address ?? NOT_STATED,
    'customer.country': country(c.country),
    'customer.contact_person': c.contactPerson ?? NOT_STATED,
    'customer.supervisory_authority': authority.name ?? 'not yet determined',
    'customer.authorisation': c.authorisation,
    'customer.transfers_authorised': c.transfersAuthorised ? 'authorised' : 'not authorised',
    'customer.audit_frequency_months': num('customer.audit_frequency_months', c.auditFrequencyMonths),
    'customer.audit_notice_days': num('customer.audit_notice_days', c.auditNoticeDays),
    'customer.termination_handling': TERMINATION_LABELS[c.terminationHandling].toLowerCase(),
    'customer.termination_days': num('customer.termination_days', c.terminationDays),
    'customer.notice_period': periodLabel(c.effectiveNoticePeriod),
    'customer.notice_days': String(c.effectiveNoticeDays),
    'dpa.version': String(v.version),
    'dpa.published_on': v.publishedAt ? v.publishedAt.slice(0, 10) : 'draft',
    today,
  };
}

/** The processor's signature line: its signatory from the particulars, dated by the version's publication. */
function processorSignature(w: WorkspaceView, v: Pick<DpaVersionView, 'version' | 'publishedAt'>): string {
  const p = w.processor;
  const who = p.signatoryName ? `${p.signatoryName}${p.signatoryTitle ? `, ${p.signatoryTitle}` : ''}` : 'the processor’s signatory (not stated)';
  const when = v.publishedAt ? `on publication of version ${v.version}, ${v.publishedAt.slice(0, 10)}` : `on publication of version ${v.version} (a draft: not yet signed)`;
  return `Signed electronically for ${p.legalName ?? w.name} by ${who}, ${when}.`;
}

const CONTROLLER_SIGNATURE = 'Signed electronically on acceptance: the signer’s name, title and the date are recorded with this document’s SHA-256 in the acceptance ledger.';

/** Builds the DPA of `version` (a draft too, for previews) for one customer, as of the clock's now. */
export async function buildDpaDocument(db: Db, clock: Clock, workspaceId: string, customerId: string, version: DpaVersionView): Promise<BuiltDpa> {
  const w = await findWorkspace(db, workspaceId);
  if (!w) throw notFound('workspace');
  const now = clock.now();
  const today = dateInZone(now, w.timeZone);
  const [customer, ctx, services, row] = await Promise.all([
    findCustomer(db, workspaceId, customerId),
    loadRecordContext(db, workspaceId, today, now),
    db.selectFrom('services').select(['slug', 'name']).where('workspace_id', '=', workspaceId).execute(),
    db.selectFrom('customers').select(['subdivision']).where('workspace_id', '=', workspaceId).where('id', '=', customerId).executeTakeFirst(),
  ]);
  if (!customer) throw notFound('customer');
  const view = await viewCustomerAt(db, workspaceId, customerId, now);
  // In Germany the Land's authority (§ 40 BDSG), from the customer's subdivision.
  const authority = supervisoryAuthorityFor(customer.country, customer.supervisoryAuthority, row?.subdivision ?? null);
  const body = substitutePlaceholders(version.body, placeholderValues(w, customer, version, today, authority));
  const p = w.processor;
  const processor: AnnexParty = {
    name: p.legalName ?? w.name, address: p.address, country: p.country, contact: [p.contactName, p.contactEmail].filter(Boolean).join(', ') || null,
    dpo: p.dpoContact, representative: p.representative, signature: processorSignature(w, version),
  };
  const contacts = customer.contacts.map((k) => (k.name ? `${k.name} <${k.email}>` : k.email)).join('; ');
  const controller: AnnexParty = {
    name: customer.name, address: customer.address, country: customer.country, contact: customer.contactPerson || contacts || null,
    dpo: customer.dpoContact ?? null, representative: customer.representative ?? null, signature: CONTROLLER_SIGNATURE,
  };
  // A transfer applies when the processor or a sub-processor in effect for the customer is outside the EEA.
  const outsideEea = (cc: string) => assessCountry(cc, [], today).status !== 'intra_eea';
  const transferCountries = [...new Set([...(p.country ? [p.country] : []), ...view.inEffect.flatMap((g) => g.countries)])].filter(outsideEea).sort();
  const document: DocumentModel = {
    title: version.title,
    subtitle: version.publishedAt
      ? `Version ${version.version}, published ${version.publishedAt.slice(0, 10)}, for ${customer.name}`
      : `Draft of version ${version.version}, for ${customer.name}`,
    language: 'en',
    author: processor.name,
    subject: `Data processing agreement between ${processor.name} (processor) and ${customer.name} (controller), version ${version.version}`,
    blocks: [
      // Templates number their sections with ##: they sit one level below the title, as the annexes do.
      ...markdownToBlocks(body, { headingOffset: -1 }),
      ...annexBlocks({
        controller, processor, customerServices: customer.services, activities: ctx.activities.filter((a) => appliesTo(a, customer.services)),
        authority, measures: ctx.measures, view, serviceNames: new Map(services.map((s) => [s.slug, s.name])), transferCountries,
      }),
    ],
    footer: null,
    issuedAt: version.publishedAt,
  };
  const html = renderDocumentHtml(document, { topHeadingLevel: 2 }).value;
  const hash = sha256(html);
  const footer = `${version.title}, version ${version.version}, for ${customer.name}. Document SHA-256: ${hash}`;
  return { document: { ...document, footer }, html, sha256: hash };
}
