/**
 * Building blocks of the API's TypeBox schemas. Schemas check JSON types (so `countries: 5` is a
 * 400 naming the field) and feed the OpenAPI document; value rules (vocabularies, formats,
 * lengths, references) stay with the domain parse functions, which name every bad field at once.
 */
import { type TSchema, Type } from 'typebox';
import type { Role } from '../../db/schema.ts';

/** The operation groups of the API, in the order the document and the docs page show them. */
export const TAGS = [
  { name: 'Workspaces', description: 'The workspaces you can reach and their settings.' },
  { name: 'Entities', description: 'Companies (legal entities) in the registry.' },
  { name: 'Engagements', description: 'What an entity does for you: role, purpose, services, countries, transfers.' },
  { name: 'Services', description: 'Services or platforms engagements apply to.' },
  { name: 'Regions', description: 'Hosting regions with their data centres and backup location.' },
  { name: 'Versions', description: 'Published, immutable versions of the public sub-processor list.' },
  { name: 'Customers', description: 'Your customers (controllers), their contract terms and contacts.' },
  { name: 'DPA', description: 'Data processing agreements: template versions with placeholders, each customer\'s DPA with its annexes (HTML, PDF), and the acceptance ledger.' },
  { name: 'Records', description: 'Records of processing (GDPR Art 30): processing activities, and the records generated from them as JSON, CSV, JSON-LD (DPV) or PDF.' },
  { name: 'Measures', description: 'Technical and organisational measures (GDPR Art 32): categories, owners, reviews and evidence.' },
  { name: 'Webhooks', description: "Signed event deliveries to customers' endpoints, with retries and a delivery log." },
  { name: 'Changes', description: 'Sub-processor changes: proposals, announcement to customers, objections, consent, withdrawal and evidence.' },
  { name: 'Outbox', description: 'Every e-mail sent or kept in the outbox, with its delivery status.' },
  { name: 'Transfers', description: 'Lawful transfers under GDPR Chapter V: the status of a flow on a date, with reasons and rule ids.' },
  { name: 'Requests', description: 'Data-subject requests: public intake, the queue by deadline, and the operator\'s steps (authority, clarification, extension, routing, closing).' },
  { name: 'Legal demands', description: 'Demands from authorities for customer data: the register, notice to the customers concerned (held under a non-disclosure order), challenges, outcomes and the transparency report.' },
  { name: 'Incidents', description: 'Incidents and personal-data breaches: the Art 33(5) register, obligations per recipient with due instants (Art 33, 34), notices and the filings of every sending.' },
  { name: 'Audit', description: 'The hash-chained audit log of the workspace.' },
  { name: 'Tokens', description: 'Workspace API tokens.' },
  { name: 'Members', description: 'People with a role in the workspace.' },
  { name: 'Customer requests', description: "For a customer's own systems, with a customer API token (Bearer trc_…, issued in the customer portal): data-subject requests passed on to the customer as controller, its instruction on them, and requests it sends to the processor." },
] as const;

export type Tag = (typeof TAGS)[number]['name'];

/** Vendor extension on each operation: the least workspace role it needs (null: any signed-in caller). */
export const MIN_ROLE_KEY = 'x-min-role';

/** The documentation part of a route schema: tag, summary and the role it needs. */
export function doc(tag: Tag, summary: string, role: Role | null, description?: string) {
  return { tags: [tag], summary, [MIN_ROLE_KEY]: role, ...(description ? { description } : {}) };
}

/** A string or null (optional input fields, nullable output fields). */
export const Text = (description?: string) => Type.Unsafe<string | null>({ type: ['string', 'null'], ...(description ? { description } : {}) });

/** An input string whose allowed values the domain parser checks (its message lists them). */
export const Choice = (values: readonly string[], description: string) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], description: `${description} One of: ${values.join(', ')}.` });

/** An output string from a fixed vocabulary. */
export const OneOf = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

export const Strings = (description?: string) => Type.Array(Type.String(), description ? { description } : {});

/** A decimal number in a path or query string (they arrive as text; types are not coerced). */
export const Digits = (description: string) => Type.String({ pattern: '^[0-9]{1,9}$', description });

/** Lets clients send fields this version does not know: forward compatible, and forms echo extras. */
export const Body = <P extends Parameters<typeof Type.Object>[0]>(properties: P, description?: string) =>
  Type.Object(properties, { additionalProperties: true, ...(description ? { description } : {}) });

/** The success envelope. */
export const data = <T extends TSchema>(schema: T, description = 'Success') => Type.Object({ data: schema }, { description });

export const ErrorBody = Type.Object({
  ok: Type.Literal(false),
  error: Type.String({ description: 'Stable code, e.g. validation_error, not_found, forbidden, invalid_token, csrf_failed.' }),
  message: Type.String({ description: 'Safe to show; names every bad field for validation_error.' }),
  status: Type.Integer(),
  data: Type.Optional(Type.Unknown({ description: 'validation_error: { fields: [{ field, message }] }' })),
}, { description: 'Error' });

/** Every API operation can fail with one of these bodies (400, 401, 403, 404, 409, 429). */
export const ERRORS = { '4XX': ErrorBody } as const;

export const NoContent = Type.Null({ description: 'Done; no body.' });

export const SlugParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }) });
export const IdParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), id: Type.String({ description: 'Id of the item' }) });
