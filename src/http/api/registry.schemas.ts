/** Request and response schemas of the registry: entities, engagements, services, regions. */
import { Type } from 'typebox';
import { CONTEXTS, KINDS, ROLES, TRANSFER_MECHANISMS } from '../../modules/vocab/vocab.ts';
import { Body, Choice, OneOf, Strings, Text } from './schemas.ts';

const COUNTRY = 'ISO 3166-1 alpha-2 country code, e.g. DE.';

export const EntityBody = Body({
  name: Type.String({ description: 'Display name, unique in the workspace (at most 200 characters).' }),
  legalName: Type.Optional(Text('Registered legal name.')),
  country: Type.Optional(Text(`Country of incorporation: ${COUNTRY}`)),
  address: Type.Optional(Text()),
  website: Type.Optional(Text('http(s) URL.')),
  contactEmail: Type.Optional(Text('E-mail address.')),
  dpoContact: Type.Optional(Text('How to reach the data protection officer.')),
  parentEntityId: Type.Optional(Text('Id of the parent entity in this workspace.')),
  notes: Type.Optional(Text('Internal notes; never published.')),
}, 'A full entity: PUT replaces every field.');

export const Entity = Type.Object({
  id: Type.String(), name: Type.String(), legalName: Text(), country: Text(COUNTRY), address: Text(), website: Text(),
  contactEmail: Text(), dpoContact: Text(), parentEntityId: Text(), notes: Text(), createdAt: Type.String(), updatedAt: Type.String(),
});

export const EntityQuery = Type.Object({
  q: Type.Optional(Type.String({ description: 'Substring of the name or legal name, any case.' })),
  country: Type.Optional(Type.String({ description: COUNTRY })),
});

export const EngagementBody = Body({
  entityId: Type.String({ description: 'Id of an entity of this workspace.' }),
  role: Type.Optional(Choice(ROLES, 'Defaults to subprocessor.')),
  kind: Type.Optional(Choice(KINDS, 'Defaults to third_party.')),
  context: Type.Optional(Choice(CONTEXTS, 'Whether the entity processes as your processor or as a controller. Defaults to processor.')),
  purpose: Type.String({ description: 'What the entity does, as the public list shows it (required, at most 2000 characters).' }),
  section: Type.Optional(Text('Optional heading to group the engagement under.')),
  services: Type.Optional(Strings('Slugs of services of this workspace.')),
  regions: Type.Optional(Strings('Slugs of regions of this workspace.')),
  countries: Type.Optional(Strings(`Countries where data is processed: ${COUNTRY}`)),
  dataCategories: Type.Optional(Strings('fideslang data categories, e.g. user.contact.email.')),
  dataSubjectCategories: Type.Optional(Strings('e.g. customers, employees.')),
  transferMechanisms: Type.Optional(Strings(`One of: ${TRANSFER_MECHANISMS.join(', ')}.`)),
  certifications: Type.Optional(Strings('e.g. ISO 27001, SOC 2.')),
  dpaOnFile: Type.Optional(Type.Boolean({ description: 'A data processing agreement is signed.' })),
}, 'A full engagement: PUT replaces every field.');

export const Engagement = Type.Object({
  id: Type.String(), entityId: Type.String(), entityName: Type.String(), entityLegalName: Text(),
  role: OneOf(ROLES), kind: OneOf(KINDS), context: OneOf(CONTEXTS), purpose: Type.String(), section: Text(),
  services: Strings('Service slugs.'), regions: Strings('Region slugs.'), countries: Strings(COUNTRY),
  dataCategories: Strings(), dataSubjectCategories: Strings(), transferMechanisms: Type.Array(OneOf(TRANSFER_MECHANISMS)),
  certifications: Strings(), dpaOnFile: Type.Boolean(), createdAt: Type.String(), updatedAt: Type.String(),
});

export const EngagementQuery = Type.Object({
  service: Type.Optional(Type.String({ description: 'Service slug.' })),
  region: Type.Optional(Type.String({ description: 'Region slug.' })),
  country: Type.Optional(Type.String({ description: COUNTRY })),
  kind: Type.Optional(Type.String({ description: `One of: ${KINDS.join(', ')}.` })),
  role: Type.Optional(Type.String({ description: `One of: ${ROLES.join(', ')}.` })),
  entityId: Type.Optional(Type.String({ description: 'Only engagements of this entity.' })),
});

const SLUG = 'Lower-case letters, digits and hyphens (1–64), unique in the workspace. Optional on creation: when omitted it is derived from the name (accents removed, -2, -3 … on collision); required on PUT.';

export const ServiceBody = Body({
  slug: Type.Optional(Type.String({ description: SLUG })),
  name: Type.String({ description: 'At most 200 characters.' }),
  description: Type.Optional(Text()),
}, 'A full service: PUT replaces every field.');

export const Service = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String(), description: Text() });

const DataCentreBody = Type.Object({
  label: Type.String({ description: 'e.g. Paris-Pantin.' }),
  country: Type.String({ description: COUNTRY }),
}, { additionalProperties: true });

export const RegionBody = Body({
  slug: Type.Optional(Type.String({ description: SLUG })),
  name: Type.String({ description: 'At most 200 characters.' }),
  provider: Type.Optional(Text('Hosting provider, e.g. Outscale.')),
  providerRegion: Type.Optional(Text("The provider's name for the region, e.g. eu-west-2.")),
  dataCentres: Type.Optional(Type.Array(DataCentreBody)),
  backupLocation: Type.Optional(Text()),
  backupCountries: Type.Optional(Strings(COUNTRY)),
}, 'A full region: PUT replaces every field.');

export const Region = Type.Object({
  id: Type.String(), slug: Type.String(), name: Type.String(), provider: Text(), providerRegion: Text(),
  dataCentres: Type.Array(Type.Object({ label: Type.String(), country: Type.String() })),
  backupLocation: Text(), backupCountries: Strings(COUNTRY),
});
