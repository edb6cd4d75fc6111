/** Request and response schemas of DPA versions, per-customer DPAs and the acceptance ledger (CU2). */
import { Type } from 'typebox';
import { Body, data, OneOf, Strings, Text } from './schemas.ts';

export const DpaVersionBody = Body({
  title: Type.Optional(Type.String({ description: 'Title of the agreement (at most 200 characters).' })),
  body: Type.Optional(Type.String({ description: 'Markdown with {{placeholders}} from GET …/dpa/placeholders; an unknown one is a 400 naming it. POST without a body copies the latest published version.' })),
  note: Type.Optional(Text('What changed in this version; quoted in the e-mail asking customers to accept it again.')),
}, 'A draft version. PUT replaces title, body and note.');

export const ChecklistWarning = Type.Object({
  term: Type.String({ description: 'Stable id of the Art 28(3) term, e.g. g_deletion_or_return.' }),
  label: Type.String({ description: 'e.g. "Art 28(3)(g) Deletion or return at the end of the services".' }),
  message: Type.String({ description: 'Names the term and each missing element.' }),
});

const Warnings = Type.Array(ChecklistWarning, { description: 'Art 28(3) terms the body does not cover (rules/art28-checklist.yaml); empty when it covers them all. Warnings do not stop saving or publishing.' });

export const DpaVersion = Type.Object({
  id: Type.String(), version: Type.Integer({ description: '1, 2, 3 … per workspace.' }), title: Type.String(), body: Type.String(), note: Text(),
  status: OneOf(['draft', 'published'] as const, 'A published version never changes.'),
  bodySha256: Text('SHA-256 of the template body, set on publishing.'), placeholders: Strings('Placeholder names the body uses.'), warnings: Warnings,
  createdBy: Type.String(), createdAt: Type.String(), updatedAt: Type.String(), publishedAt: Text(), publishedBy: Text(),
});

export const DpaVersionParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), id: Type.String({ description: 'DPA version id' }) });
export const CustomerDpaParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), customerId: Type.String({ description: 'Customer id' }) });

export const PublishResult = Type.Object({
  version: DpaVersion,
  warnings: Warnings,
  customersAsked: Type.Integer({ description: 'Customers that had accepted an older version and were asked to accept this one.' }),
  messages: Type.Integer({ description: 'E-mails queued with acceptance links.' }),
});

export const Placeholder = Type.Object({
  name: Type.String(), type: OneOf(['text', 'number', 'date', 'country', 'enum'] as const), description: Type.String(), source: Type.String(),
  values: Type.Optional(Strings()), default: Type.Optional(Type.Union([Type.Number(), Type.String()])),
});

export const Acceptance = Type.Object({
  id: Type.String(), version: Type.Integer(), versionId: Type.String(), signerName: Type.String(), signerTitle: Type.String(), signerEmail: Type.String(),
  acceptedAt: Type.String(), documentSha256: Type.String({ description: 'SHA-256 of the exact document (HTML) the signer accepted.' }),
  method: OneOf(['link', 'portal'] as const, 'link: the signed link e-mailed to a contact; portal: the customer portal.'),
});

export const AcceptanceParams = Type.Object({
  slug: Type.String({ description: 'Workspace slug' }), customerId: Type.String({ description: 'Customer id' }), acceptanceId: Type.String({ description: 'Acceptance id' }),
});

export const AcceptedDocumentBody = Type.Object({
  acceptance: Acceptance,
  html: Type.Union([Type.String(), Type.Null()], { description: 'The exact document accepted (an HTML fragment); null for acceptances recorded before documents were kept.' }),
  isIntact: Type.Union([Type.Boolean(), Type.Null()], { description: 'Whether html still hashes to documentSha256.' }),
});

export const Standing = Type.Object({
  customerId: Type.String(), customerName: Type.String(), acceptedVersion: Type.Union([Type.Integer(), Type.Null()]), acceptedAt: Text(),
  needsAcceptance: Type.Boolean({ description: 'A version is published and the customer has not accepted it.' }),
  openRequests: Type.Integer({ description: 'Unused, unexpired acceptance links for the current version.' }),
});

export const Standings = Type.Object({
  current: Type.Union([Type.Object({ id: Type.String(), version: Type.Integer(), title: Type.String() }), Type.Null()]),
  customers: Type.Array(Standing),
});

export const AcceptanceRequestResult = Type.Object({
  version: Type.Integer(), versionId: Type.String(),
  requests: Type.Array(Type.Object({ id: Type.String(), contactId: Text(), createdAt: Type.String(), expiresAt: Type.String() }), { description: 'One link per contact, e-mailed.' }),
});

export const DpaFormatQuery = Type.Object({
  format: Type.Optional(Type.String({ description: 'json (default), html (the canonical fragment whose SHA-256 acceptances record) or pdf.' })),
  versionId: Type.Optional(Type.String({ description: 'A published version; default the latest.' })),
});

const RenderedDpa = Type.Object({
  versionId: Type.String(), version: Type.Integer(), title: Type.String(), publishedAt: Type.String(),
  sha256: Type.String({ description: 'SHA-256 (hex) of `html`: what an acceptance records.' }),
  fileName: Type.String({ description: 'File name of the PDF: DPA-v<version>-<customer slug>.pdf.' }),
  html: Type.String({ description: 'The canonical rendering: an escaped HTML fragment (<article>).' }),
  document: Type.Unknown({ description: 'The document model (title, subtitle, blocks, footer) both renderings are made from.' }),
});

/** The DPA for a customer, in the format asked for. */
export const DpaDocumentResponse = {
  description: 'format=json: { data }; format=html: the fragment; format=pdf: the file as an attachment. The x-content-sha256 header carries the document SHA-256.',
  content: {
    'application/json': { schema: data(RenderedDpa) },
    'text/html': { schema: { type: 'string' } },
    'application/pdf': { schema: { type: 'string', format: 'binary' } },
  },
};

export const NoFields = Body({}, 'No fields needed.');
