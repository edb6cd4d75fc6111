/** Request and response schemas of customers and their contract terms (CU1). */
import { Type } from 'typebox';
import { AUDIT_FREQUENCY_MONTHS_MAX, AUTHORISATIONS, CONTACTS_MAX, TERM_DAYS_MAX, TERMINATION_HANDLINGS } from '../../modules/customers/customers.ts';
import { NOTICE_DAYS_MAX } from '../../modules/vocab/contract-terms.ts';
import { Body, Choice, OneOf, Strings, Text } from './schemas.ts';

const COUNTRY = 'ISO 3166-1 alpha-2 country code, e.g. FR.';
const AUTHORISATION = 'general: a general written authorisation, the customer may object to a change; specific: the customer must consent to each change.';

const TERMINATION = 'At the end of the contract: return_then_delete, delete, or return (the customer deletes).';
const WholeOrNull = (description: string) => Type.Unsafe<number | null>({ type: ['integer', 'null'], description });

/** The contract terms a DPA's annexes and the transfer checks read (CU1). */
const TermsBody = {
  address: Type.Optional(Text('Postal address, for Annex I.A of the DPA (at most 500 characters).')),
  contactPerson: Type.Optional(Text("Contact person's name, position and contact details, for Annex I.A (at most 500 characters).")),
  dpoContact: Type.Optional(Text("The customer's data protection officer: name and contact details, for its record of processing (Art 30(2)(a); at most 500 characters).")),
  representative: Type.Optional(Text("The customer's representative in the Union (Art 27), for its record of processing (Art 30(2)(a); at most 500 characters).")),
  supervisoryAuthority: Type.Optional(Text('The competent supervisory authority when it is not the one of the country of establishment (Annex I.C).')),
  transfersAuthorised: Type.Optional(Type.Boolean({ description: 'Whether the customer authorised transfers outside the EEA; defaults to true. When false, every sub-processor outside the EEA is flagged for this customer.' })),
  auditFrequencyMonths: Type.Optional(WholeOrNull(`At most one audit per this many months, 1 to ${AUDIT_FREQUENCY_MONTHS_MAX}; null: the DPA's terms.`)),
  auditNoticeDays: Type.Optional(WholeOrNull(`Days of notice before an audit, 0 to ${TERM_DAYS_MAX}; null: the DPA's terms.`)),
  terminationHandling: Type.Optional(Choice(TERMINATION_HANDLINGS, `${TERMINATION} Defaults to return_then_delete.`)),
  terminationDays: Type.Optional(WholeOrNull(`Days after the end of the contract to return or delete the data, 0 to ${TERM_DAYS_MAX}; null: the DPA's terms.`)),
  breachNoticeHours: Type.Optional(Type.Unsafe<number | string | null>({ type: ['integer', 'string', 'null'], description: 'Hours the contract gives to be told of a personal data breach (Art 33(2)), 1 to 9999; null: without undue delay.' })),
  dsrForwardWithin: Type.Optional(Text("Time to pass an end user's data-subject request on to this customer: <n>h (real hours) or <n>d (days per Regulation 1182/71); null: 72h.")),
};

const ContactBody = Type.Object({
  email: Type.String({ description: 'E-mail address; stored in lower case, once per customer.' }),
  name: Type.Optional(Text('Name or role, e.g. Data Protection Officer (at most 200 characters).')),
}, { additionalProperties: true });

export const CustomerBody = Body({
  name: Type.String({ description: 'Name, unique in the workspace (at most 200 characters).' }),
  country: Type.Optional(Text(`Country of establishment: ${COUNTRY}`)),
  timeZone: Type.Optional(Text("IANA time zone the customer's dates are counted in, e.g. Europe/Paris; null: the workspace's.")),
  noticePeriod: Type.Optional(Type.Unsafe<string | number | null>({
    type: ['string', 'integer', 'null'], description: `Contractual notice period in days, weeks or months: 30d, 4w, 1m (also "30 days", "1 month", or a number of days); at most ${NOTICE_DAYS_MAX} days, 52 weeks or 12 months; 0 is refused. null: the workspace default.`,
  })),
  noticeDays: Type.Optional(Type.Unsafe<number | null>({
    type: ['integer', 'null'], description: `Older form of noticePeriod, used when noticePeriod is absent: whole days, 1 to ${NOTICE_DAYS_MAX}.`,
  })),
  subdivision: Type.Optional(Text('ISO 3166-2 subdivision whose public holidays count the notice period, e.g. DE-BY; must be one date-holidays knows, within country when set. null: the country\'s holidays.')),
  authorisation: Type.Optional(Choice(AUTHORISATIONS, `${AUTHORISATION} Defaults to general.`)),
  specialTerms: Type.Optional(Text('Contract terms about sub-processor changes worth knowing (at most 5000 characters).')),
  ...TermsBody,
  services: Type.Optional(Strings('Slugs of services of this workspace the customer uses; none: all of them.')),
  regions: Type.Optional(Strings('Slugs of regions of this workspace the customer is hosted in; none: all of them.')),
  contacts: Type.Optional(Type.Array(ContactBody, { description: `Who receives notices (at most ${CONTACTS_MAX}).` })),
}, 'A full customer: PUT replaces every field, links and contacts.');

export const Customer = Type.Object({
  id: Type.String(), name: Type.String(), country: Text(COUNTRY),
  timeZone: Text("As the contract says; null: the workspace's."),
  noticePeriod: Text('As the contract says (30d, 4w, 1m); null: the workspace default.'),
  noticeDays: Type.Union([Type.Integer(), Type.Null()], { description: 'Older form of noticePeriod: the fewest days it lasts (1m: 28); null: the workspace default.' }),
  subdivision: Text('ISO 3166-2 subdivision, e.g. DE-BY; null: none recorded.'),
  authorisation: OneOf(AUTHORISATIONS, AUTHORISATION), specialTerms: Text(),
  address: Text(), contactPerson: Text(), dpoContact: Text('Data protection officer (Art 30(2)(a)).'), representative: Text('Representative in the Union (Art 27).'),
  supervisoryAuthority: Text('The customer\'s own setting; null: the authority of its country.'),
  transfersAuthorised: Type.Boolean(), auditFrequencyMonths: Type.Union([Type.Integer(), Type.Null()]), auditNoticeDays: Type.Union([Type.Integer(), Type.Null()]),
  terminationHandling: OneOf(TERMINATION_HANDLINGS, TERMINATION), terminationDays: Type.Union([Type.Integer(), Type.Null()]),
  dsrForwardWithin: Text('Term to pass end users\' requests on; null: the default (72h).'),
  breachNoticeHours: Type.Union([Type.Integer(), Type.Null()], { description: 'Hours to be told of a personal data breach (Art 33(2)); null: without undue delay.' }),
  competentAuthority: Type.Object({
    name: Text('null when it cannot be determined.'), url: Text(), basis: OneOf(['customer', 'country', 'subdivision', 'undetermined'] as const, 'customer: its own setting; country: the authority of its country of establishment; subdivision: the authority of its subdivision (a German Land, § 40 BDSG).'),
    note: Text(), rulesVersion: Text('Version of the supervisory authorities rule file, when basis is country.'),
  }, { description: 'Annex I.C: the competent supervisory authority.' }),
  services: Strings('Service slugs; none: all services.'), regions: Strings('Region slugs; none: all regions.'),
  contacts: Type.Array(Type.Object({ id: Type.String(), email: Type.String(), name: Text() })),
  effectiveNoticePeriod: Type.String({ description: 'The notice period in force (30d, 4w, 1m): the customer\'s, else the workspace default.' }),
  effectiveNoticeDays: Type.Integer({ description: 'Older form of effectiveNoticePeriod: the fewest days it lasts (1m: 28).' }),
  calendar: Text('Whose public holidays count its periods (Regulation 1182/71 Art 3(4)): its subdivision, else its country, else the workspace\'s calendar, else the workspace\'s country; null: weekends only.'),
  effectiveTimeZone: Type.String({ description: 'The time zone in force: the customer\'s, else the workspace\'s.' }),
  createdAt: Type.String(), updatedAt: Type.String(),
});

export const CustomerQuery = Type.Object({
  service: Type.Optional(Type.String({ description: 'Service slug: customers using it, including those with no service listed.' })),
  region: Type.Optional(Type.String({ description: 'Region slug: customers hosted in it, including those with no region listed.' })),
  q: Type.Optional(Type.String({ description: "Substring of the name, a contact's name or a contact's e-mail address, any case." })),
});

export const CustomerParams = Type.Object({
  slug: Type.String({ description: 'Workspace slug' }),
  customerId: Type.String({ description: 'Customer id' }),
});

export const PortalInvitationBody = Body({
  contactIds: Type.Optional(Strings('Ids of the customer\'s contacts to invite; absent or empty: all its contacts.')),
}, 'Whom to invite to the customer portal.');

export const PortalInvitations = Type.Object({
  invited: Type.Array(Type.Object({ contactId: Type.String(), invitedAt: Type.String() }), { description: 'The contacts invited, each sent a one-time link.' }),
});
