import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { itemFixture, listVersionFixture, snapshotFixture, workspaceFixture } from './fixtures.test-helpers.ts';
import { filterItems, groupItems, OTHER_GROUP_KEY, presentPublicList, publicListUrls } from './public-list.ts';

const ids = (items: Array<{ id: string }>) => items.map((i) => i.id);

describe('presentPublicList', () => {
  it('returns the workspace slug, version, date and one entry per engagement in snapshot order', () => {
    const list = presentPublicList(workspaceFixture(), listVersionFixture());
    assert.deepEqual(list, {
      workspace: 'acme',
      version: 3,
      currentAsOf: '2025-03-01',
      subprocessors: [
        {
          name: 'Amazon Web Services', legalName: 'Amazon Web Services EMEA SARL', role: 'subprocessor', kind: 'infrastructure',
          purpose: 'Cloud hosting', services: ['Acme App', 'Acme Analytics'], regions: ['eu'], countries: ['DE', 'IE'],
          dataCategories: ['user.contact.email', 'user.account'], transferMechanisms: ['none'], context: 'processor',
        },
        {
          name: 'Acme GmbH', legalName: null, role: 'subcontractor', kind: 'affiliate', purpose: 'Second-line support',
          services: ['Acme App'], regions: ['eu', 'us'], countries: ['DE'], dataCategories: ['user.contact'],
          transferMechanisms: ['none'], context: 'processor',
        },
        {
          name: 'Zendesk', legalName: 'Zendesk, Inc.', role: 'subprocessor', kind: 'third_party', purpose: 'Customer "tickets"',
          services: [], regions: ['us'], countries: ['US'], dataCategories: ['user.contact.email'],
          transferMechanisms: ['dpf', 'scc-2021', 'privacy-shield'], context: 'controller',
        },
      ],
    });
  });

  it('exposes exactly the public fields, in the documented order, and nothing internal', () => {
    const [first] = presentPublicList(workspaceFixture(), listVersionFixture()).subprocessors;
    assert.deepEqual(Object.keys(first), [
      'name', 'legalName', 'role', 'kind', 'purpose', 'services', 'regions', 'countries', 'dataCategories', 'transferMechanisms', 'context',
    ]);
    assert.deepEqual(Object.keys(presentPublicList(workspaceFixture(), listVersionFixture())), ['workspace', 'version', 'currentAsOf', 'subprocessors']);
  });

  it('falls back to the slug for a service missing from the snapshot', () => {
    const version = listVersionFixture();
    version.snapshot.items = [itemFixture({ services: ['gone'] })];
    assert.deepEqual(presentPublicList(workspaceFixture(), version).subprocessors[0].services, ['gone']);
  });

  it('copies lists, so changing the result leaves the snapshot untouched', () => {
    const version = listVersionFixture();
    const list = presentPublicList(workspaceFixture(), version);
    list.subprocessors[0].countries.push('FR');
    assert.deepEqual(version.snapshot.items[0].countries, ['DE', 'IE']);
  });

  it('gives an empty list for a snapshot without engagements', () => {
    const version = listVersionFixture();
    version.snapshot.items = [];
    assert.deepEqual(presentPublicList(workspaceFixture(), version).subprocessors, []);
  });
});

describe('filterItems', () => {
  it('keeps everything when no filter is given or filters are empty strings', () => {
    assert.deepEqual(ids(filterItems(snapshotFixture(), {})), ['eng-aws', 'eng-gmbh', 'eng-zendesk']);
    assert.deepEqual(ids(filterItems(snapshotFixture(), { service: '', region: '', country: '' })), ['eng-aws', 'eng-gmbh', 'eng-zendesk']);
  });

  it('filters by service slug', () => {
    assert.deepEqual(ids(filterItems(snapshotFixture(), { service: 'app' })), ['eng-aws', 'eng-gmbh']);
    assert.deepEqual(ids(filterItems(snapshotFixture(), { service: 'analytics' })), ['eng-aws']);
    assert.deepEqual(ids(filterItems(snapshotFixture(), { service: 'Acme App' })), [], 'names are not slugs');
  });

  it('filters by region slug', () => {
    assert.deepEqual(ids(filterItems(snapshotFixture(), { region: 'us' })), ['eng-gmbh', 'eng-zendesk']);
  });

  it('filters by country code regardless of case', () => {
    assert.deepEqual(ids(filterItems(snapshotFixture(), { country: 'de' })), ['eng-aws', 'eng-gmbh']);
    assert.deepEqual(ids(filterItems(snapshotFixture(), { country: 'Us' })), ['eng-zendesk']);
    assert.deepEqual(ids(filterItems(snapshotFixture(), { country: 'FR' })), []);
  });

  it('combines filters: an engagement must match all of them', () => {
    assert.deepEqual(ids(filterItems(snapshotFixture(), { service: 'app', region: 'us' })), ['eng-gmbh']);
    assert.deepEqual(ids(filterItems(snapshotFixture(), { service: 'analytics', country: 'us' })), []);
  });
});

describe('groupItems', () => {
  it('groups by kind as affiliates, infrastructure, third parties with their labels', () => {
    const groups = groupItems(snapshotFixture(), 'kind');
    assert.deepEqual(groups.map((g) => [g.key, g.label, ids(g.items)]), [
      ['affiliate', 'Affiliates', ['eng-gmbh']],
      ['infrastructure', 'Infrastructure providers', ['eng-aws']],
      ['third_party', 'Third parties', ['eng-zendesk']],
    ]);
  });

  it('skips empty kind groups', () => {
    const snapshot = snapshotFixture();
    snapshot.items = snapshot.items.filter((i) => i.kind !== 'affiliate');
    assert.deepEqual(groupItems(snapshot, 'kind').map((g) => g.key), ['infrastructure', 'third_party']);
  });

  it('groups by service in snapshot order, repeating an engagement under each of its services, then "Other"', () => {
    const groups = groupItems(snapshotFixture(), 'service');
    assert.deepEqual(groups.map((g) => [g.key, g.label, ids(g.items)]), [
      ['app', 'Acme App', ['eng-aws', 'eng-gmbh']],
      ['analytics', 'Acme Analytics', ['eng-aws']],
      [OTHER_GROUP_KEY, 'Other', ['eng-zendesk']],
    ]);
  });

  it('leaves out "Other" when every engagement has a service', () => {
    const snapshot = snapshotFixture();
    snapshot.items[2].services = ['analytics'];
    assert.deepEqual(groupItems(snapshot, 'service').map((g) => g.key), ['app', 'analytics']);
  });

  it('puts an engagement whose services are all unknown under "Other" rather than dropping it', () => {
    const snapshot = snapshotFixture();
    snapshot.items = [itemFixture({ id: 'eng-orphan', services: ['gone'] })];
    assert.deepEqual(groupItems(snapshot, 'service').map((g) => [g.key, ids(g.items)]), [[OTHER_GROUP_KEY, ['eng-orphan']]]);
  });

  it('groups a filtered list when given its items', () => {
    const snapshot = snapshotFixture();
    const groups = groupItems(snapshot, 'service', filterItems(snapshot, { country: 'us' }));
    assert.deepEqual(groups.map((g) => [g.key, ids(g.items)]), [[OTHER_GROUP_KEY, ['eng-zendesk']]]);
  });
});

describe('publicListUrls', () => {
  it('builds the public URLs without doubling a trailing slash of the base URL', () => {
    const urls = publicListUrls('https://trust.example.test/', 'acme');
    assert.equal(urls.page, 'https://trust.example.test/w/acme/subprocessors');
    assert.equal(urls.atom, 'https://trust.example.test/w/acme/subprocessors.atom');
    assert.equal(urls.jsonld, 'https://trust.example.test/w/acme/subprocessors.jsonld');
    assert.equal(urls.history, 'https://trust.example.test/w/acme/subprocessors/history');
  });
});
