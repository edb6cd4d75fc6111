/**
 * One customer's DPA as a document: the version's template with the customer's values put in,
 * then the annexes built from the registry, the records of processing and the measures.
 *
 * The canonical form is the HTML fragment (an <article> whose title is an <h2>, so it sits under
 * a page's own <h1>); its SHA-256 is what an acceptance records. Dates printed in it are the
 * version's publication date, never the clock — unless the template uses {{today}} — so the hash
 * only changes when the template, the customer or the annex data change. The annex data itself is
 * read as of today (the current registry and transfer rules). The hash cannot be inside what it
 * hashes: it is printed in the PDF footer only.
 */
import type { Db } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { notFound } from '../../shared/errors.ts';
import { sha256 } from '../../shared/ids.ts';
import { dateInZone } from '../periods/zoned-dates.ts';
import { type CustomerView, findCustomer } from '../customers/customers.queries.ts';
import { TERMINATION_LABELS } from '../customers/customers.ts';
import type { DocumentModel } from '../documents/document.ts';
import { markdownToBlocks } from '../documents/markdown-to-blocks.ts';
import { renderDocumentHtml } from '../documents/render-document-html.ts';
import { loadRecordContext, recordFor } from '../records/processor-record.ts';
import { countryName } from '../vocab/vocab.ts';
import { findWorkspace, type WorkspaceView } from '../workspaces/workspaces.ts';
import { annexBlocks } from './dpa-annexes.ts';
import type { DpaVersionView } from './dpa.ts';
import { placeholderCatalogue, substitutePlaceholders } from './placeholders.ts';

export interface BuiltDpa {
  document: DocumentModel;
  html: string;
  sha256: string;
}

const NOT_STATED = '(not stated)';

/** The value of every catalogue placeholder for this customer and version, as text. */
export function placeholderValues(w: WorkspaceView, c: CustomerView, v: Pick<DpaVersionView, 'version' | 'publishedAt'>, today: string): Record<string, string> {
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
    'customer.name': c.name,
    'customer.address': c.address ?? NOT_STATED,
    'customer.country': country(c.country),
    'customer.contact_person': c.contactPerson ?? NOT_STATED,
    'customer.supervisory_authority': c.competentAuthority.name ?? 'the competent supervisory authority',
    'customer.authorisation': c.authorisation,
    'customer.transfers_authorised': c.transfersAuthorised ? 'authorised' : 'not authorised',
    'customer.audit_frequency_months': num('customer.audit_frequency_months', c.auditFrequencyMonths),
    'customer.audit_notice_days': num('customer.audit_notice_days', c.auditNoticeDays),
    'customer.termination_handling': TERMINATION_LABELS[c.terminationHandling].toLowerCase(),
    'customer.termination_days': num('customer.termination_days', c.terminationDays),
    'customer.notice_days': String(c.effectiveNoticeDays),
    'dpa.version': String(v.version),
    'dpa.published_on': v.publishedAt ? v.publishedAt.slice(0, 10) : 'draft',
    today,
  };
}

/** Builds the DPA of `version` (a draft too, for previews) for one customer. */
export async function buildDpaDocument(db: Db, clock: Clock, workspaceId: string, customerId: string, version: DpaVersionView): Promise<BuiltDpa> {
  const w = await findWorkspace(db, workspaceId);
  if (!w) throw notFound('workspace');
  const today = dateInZone(clock.now(), w.timeZone);
  const [customer, ctx, entities, services] = await Promise.all([
    findCustomer(db, workspaceId, customerId),
    loadRecordContext(db, workspaceId, today),
    db.selectFrom('entities').select(['id', 'name', 'legal_name', 'address', 'country', 'contact_email', 'dpo_contact']).where('workspace_id', '=', workspaceId).execute(),
    db.selectFrom('services').select(['slug', 'name']).where('workspace_id', '=', workspaceId).execute(),
  ]);
  if (!customer) throw notFound('customer');
  const record = recordFor(customer, ctx);
  const body = substitutePlaceholders(version.body, placeholderValues(w, customer, version, today));
  const document: DocumentModel = {
    title: version.title,
    subtitle: version.publishedAt
      ? `Version ${version.version}, published ${version.publishedAt.slice(0, 10)}, for ${customer.name}`
      : `Draft of version ${version.version}, for ${customer.name}`,
    language: 'en',
    blocks: [
      // Templates number their sections with ##: they sit one level below the title, as the annexes do.
      ...markdownToBlocks(body, { headingOffset: -1 }),
      ...annexBlocks({
        record, measures: ctx.measures, authority: customer.competentAuthority,
        customer: { name: customer.name, address: customer.address, country: customer.country, contactPerson: customer.contactPerson, services: customer.services },
        entities: new Map(entities.map((e) => [e.id, e])),
        engagements: new Map(ctx.engagements.map((g) => [g.id, { entityId: g.entityId, transferMechanisms: g.transferMechanisms }])),
        serviceNames: new Map(services.map((s) => [s.slug, s.name])),
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
