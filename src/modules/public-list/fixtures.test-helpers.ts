/**
 * In-memory fixtures for the public-list tests: a workspace, a three-engagement snapshot and its
 * version history. Every call returns fresh objects, so a test may change what it gets.
 */
import type { Changelog } from '../publishing/diff-snapshots.ts';
import type { ListVersion, ListVersionSummary } from '../publishing/list-versions.queries.ts';
import type { Snapshot, SnapshotItem } from '../publishing/snapshot.ts';
import type { WorkspaceView } from '../workspaces/workspaces.ts';

export const BASE_URL = 'https://trust.example.test';

export function workspaceFixture(over: Partial<WorkspaceView> = {}): WorkspaceView {
  return { id: 'ws-1', slug: 'acme', name: 'Acme Cloud', groupBy: 'kind', exampleSource: null, noticePeriod: '30d', noticeDays: 30, calendar: null, timeZone: 'UTC', createdAt: '2025-01-02T08:00:00.000Z',
    processor: { legalName: null, address: null, country: null, contactName: null, contactEmail: null, dpoContact: null, representative: null, signatoryName: null, signatoryTitle: null },
    branding: { brandColour: null, logoDataUri: null, mailFromName: null, mailFromAddress: null }, ...over };
}

/** An engagement with every field set; `over` replaces fields. */
export function itemFixture(over: Partial<SnapshotItem> = {}): SnapshotItem {
  return {
    id: 'eng-x', entityId: 'ent-x', name: 'Example Ltd', legalName: null, role: 'subprocessor', kind: 'third_party', context: 'processor',
    purpose: 'Example purpose', section: null, services: [], regions: [], countries: [], dataCategories: [], dataSubjectCategories: [],
    transferMechanisms: [], certifications: [], dpaOnFile: true, ...over,
  };
}

/**
 * Three engagements, in this order:
 * - AWS: infrastructure sub-processor for both services, EU region, DE + IE;
 * - Acme GmbH: affiliate sub-contractor for the app, EU + US regions, DE;
 * - Zendesk: third-party sub-processor acting as controller, no service, US region, US,
 *   with a comma in its legal name and quotes in its purpose.
 */
export function snapshotFixture(): Snapshot {
  return {
    services: [{ slug: 'app', name: 'Acme App' }, { slug: 'analytics', name: 'Acme Analytics' }],
    regions: [
      { slug: 'eu', name: 'Europe', provider: 'AWS', providerRegion: 'eu-central-1', dataCentres: [{ label: 'Frankfurt', country: 'DE' }], backupLocation: null, backupCountries: ['IE'] },
      { slug: 'us', name: 'United States', provider: 'AWS', providerRegion: 'us-east-1', dataCentres: [{ label: 'Virginia', country: 'US' }], backupLocation: null, backupCountries: [] },
    ],
    items: [
      itemFixture({
        id: 'eng-aws', entityId: 'ent-aws', name: 'Amazon Web Services', legalName: 'Amazon Web Services EMEA SARL', kind: 'infrastructure',
        purpose: 'Cloud hosting', services: ['app', 'analytics'], regions: ['eu'], countries: ['DE', 'IE'],
        dataCategories: ['user.contact.email', 'user.account'], transferMechanisms: ['none'],
      }),
      itemFixture({
        id: 'eng-gmbh', entityId: 'ent-gmbh', name: 'Acme GmbH', legalName: null, role: 'subcontractor', kind: 'affiliate',
        purpose: 'Second-line support', services: ['app'], regions: ['eu', 'us'], countries: ['DE'],
        dataCategories: ['user.contact'], transferMechanisms: ['none'],
      }),
      itemFixture({
        id: 'eng-zendesk', entityId: 'ent-zendesk', name: 'Zendesk', legalName: 'Zendesk, Inc.', kind: 'third_party', context: 'controller',
        purpose: 'Customer "tickets"', services: [], regions: ['us'], countries: ['US'],
        dataCategories: ['user.contact.email'], transferMechanisms: ['dpf', 'scc-2021', 'privacy-shield'],
      }),
    ],
  };
}

export function listVersionFixture(over: Partial<ListVersion> = {}): ListVersion {
  return {
    id: 'ver-3', workspaceId: 'ws-1', version: 3, currentAsOf: '2025-03-01', publishedAt: '2025-03-01T10:00:00.000Z', publishedBy: 'dpo@acme.test',
    note: null, digest: 'digest-3', snapshot: snapshotFixture(), changelog: { added: [], removed: [], changed: [] }, ...over,
  };
}

const ref = (id: string, name: string, purpose: string) => ({ id, name, purpose });

/** Versions 3, 2, 1 (newest first, as listVersions returns them). */
export function versionSummariesFixture(): ListVersionSummary[] {
  const v1: Changelog = { added: [ref('eng-aws', 'Amazon Web Services', 'Cloud hosting'), ref('eng-gmbh', 'Acme GmbH', 'Second-line support')], removed: [], changed: [] };
  const v2: Changelog = {
    added: [ref('eng-zendesk', 'Zendesk', 'Customer "tickets"')], removed: [],
    changed: [{ ...ref('eng-aws', 'Amazon Web Services', 'Cloud hosting'), fields: [{ field: 'countries', label: 'countries', before: ['DE'], after: ['DE', 'IE'] }] }],
  };
  const v3: Changelog = { added: [], removed: [ref('eng-old', 'Old Mailer', 'Newsletters')], changed: [] };
  const base = { workspaceId: 'ws-1', publishedBy: 'dpo@acme.test', note: null };
  return [
    { ...base, id: 'ver-3', version: 3, currentAsOf: '2025-03-01', publishedAt: '2025-03-01T10:00:00.000Z', digest: 'd3', changelog: v3 },
    { ...base, id: 'ver-2', version: 2, currentAsOf: '2025-02-01', publishedAt: '2025-02-01T10:00:00.000Z', digest: 'd2', changelog: v2, note: 'Support moves to Zendesk.' },
    { ...base, id: 'ver-1', version: 1, currentAsOf: '2025-01-15', publishedAt: '2025-01-15T10:00:00.000Z', digest: 'd1', changelog: v1 },
  ];
}
