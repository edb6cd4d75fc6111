/** Schemas of published list versions, their snapshots and changelogs. */
import { Type } from 'typebox';
import { CONTEXTS, KINDS, ROLES, TRANSFER_MECHANISMS } from '../../modules/vocab/vocab.ts';
import { Body, Digits, OneOf, Strings, Text } from './schemas.ts';

export const PublishBody = Body({
  currentAsOf: Type.Optional(Text('The "current as of" date, YYYY-MM-DD; defaults to today, never before the previous version.')),
  note: Type.Optional(Text('Shown with the version (at most 2000 characters).')),
});

export const VersionParams = Type.Object({ slug: Type.String({ description: 'Workspace slug' }), version: Digits('Version number') });
export const DiffParams = Type.Object({
  slug: Type.String({ description: 'Workspace slug' }), from: Digits('Older version number'), to: Digits('Newer version number'),
});

const ItemRef = { id: Type.String({ description: 'Engagement id' }), name: Type.String(), purpose: Type.String() };

export const Changelog = Type.Object({
  added: Type.Array(Type.Object(ItemRef)),
  removed: Type.Array(Type.Object(ItemRef)),
  changed: Type.Array(Type.Object({
    ...ItemRef,
    fields: Type.Array(Type.Object({ field: Type.String(), label: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
  })),
}, { description: 'Structural diff keyed by engagement.' });

const SnapshotItem = Type.Object({
  id: Type.String(), entityId: Type.String(), name: Type.String(), legalName: Text(), role: OneOf(ROLES), kind: OneOf(KINDS),
  context: OneOf(CONTEXTS), purpose: Type.String(), section: Text(), services: Strings(), regions: Strings(), countries: Strings(),
  dataCategories: Strings(), dataSubjectCategories: Strings(), transferMechanisms: Type.Array(OneOf(TRANSFER_MECHANISMS)),
  certifications: Strings(), dpaOnFile: Type.Boolean(),
});

const Snapshot = Type.Object({
  items: Type.Array(SnapshotItem),
  services: Type.Array(Type.Object({ slug: Type.String(), name: Type.String() })),
  regions: Type.Array(Type.Object({
    slug: Type.String(), name: Type.String(), provider: Text(), providerRegion: Text(),
    dataCentres: Type.Array(Type.Object({ label: Type.String(), country: Type.String() })), backupLocation: Text(), backupCountries: Strings(),
  })),
}, { description: 'The registry as published.' });

const summary = {
  version: Type.Integer(), currentAsOf: Type.String(), publishedAt: Type.String(), publishedBy: Type.String(),
  note: Text(), digest: Type.String({ description: 'SHA-256 of version, date and snapshot.' }), changelog: Changelog,
};

export const VersionSummary = Type.Object(summary);
export const Version = Type.Object({ ...summary, snapshot: Snapshot });
export const VersionDiff = Type.Object({ from: Type.Integer(), to: Type.Integer(), changelog: Changelog });
