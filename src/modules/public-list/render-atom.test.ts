import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, versionSummariesFixture, workspaceFixture } from './fixtures.test-helpers.ts';
import type { PublicChange } from './public-changes.ts';
import { renderAtom } from './render-atom.ts';

const entries = (xml: string) => [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((m) => m[1]);
const feedHead = (xml: string) => xml.slice(0, xml.search(/<entry>|<\/feed>/));

describe('renderAtom', () => {
  it('is an Atom 1.0 document with one entry per version', () => {
    const xml = renderAtom(workspaceFixture(), versionSummariesFixture(), BASE_URL);
    assert.match(xml, /^<\?xml version="1\.0" encoding="utf-8"\?>/);
    assert.match(xml, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">/);
    assert.ok(xml.trimEnd().endsWith('</feed>'));
    assert.equal(entries(xml).length, 3);
    assert.equal((xml.match(/<entry>/g) ?? []).length, (xml.match(/<\/entry>/g) ?? []).length);
  });

  it('identifies the feed by the workspace id, not the public URL, and links to the list page and itself', () => {
    const head = feedHead(renderAtom(workspaceFixture(), versionSummariesFixture(), `${BASE_URL}/`));
    assert.ok(head.includes(`<id>urn:trustroom:workspace:${workspaceFixture().id}:list</id>`));
    assert.ok(head.includes('<link rel="alternate" href="https://trust.example.test/w/acme/subprocessors"/>'));
    assert.ok(head.includes('<link rel="self" href="https://trust.example.test/w/acme/subprocessors.atom"/>'));
    assert.ok(head.includes('<title>Acme Cloud — sub-processors</title>'));
    assert.match(head, /<author>\s*<name>Acme Cloud<\/name>\s*<\/author>/);
  });

  it('sets the feed updated time to the newest publication', () => {
    const head = feedHead(renderAtom(workspaceFixture(), versionSummariesFixture(), BASE_URL));
    assert.ok(head.includes('<updated>2025-03-01T10:00:00.000Z</updated>'));
  });

  it('lists entries newest first even when given oldest first', () => {
    const xml = renderAtom(workspaceFixture(), versionSummariesFixture().reverse(), BASE_URL);
    const titles = entries(xml).map((e) => /<title type="html"><!\[CDATA\[(.*?)\]\]><\/title>/.exec(e)?.[1]);
    assert.deepEqual(titles, ['Version 3 — current as of 2025-03-01', 'Version 2 — current as of 2025-02-01', 'Version 1 — current as of 2025-01-15']);
  });

  it('links each entry to its place in the history, identifies it by workspace id and version, and dates it by publication', () => {
    const [v3] = entries(renderAtom(workspaceFixture(), versionSummariesFixture(), BASE_URL));
    assert.ok(v3.includes(`<id>urn:trustroom:workspace:${workspaceFixture().id}:list:version:3</id>`));
    assert.ok(v3.includes('<link href="https://trust.example.test/w/acme/subprocessors/history#v3"/>'));
    assert.ok(v3.includes('<updated>2025-03-01T10:00:00.000Z</updated>'));
  });

  it('carries the changelog lines and the note as content', () => {
    const [v3, v2, v1] = entries(renderAtom(workspaceFixture(), versionSummariesFixture(), BASE_URL));
    assert.ok(v3.includes('<li>Removed Old Mailer</li>'));
    assert.ok(v2.includes('<p>Support moves to Zendesk.</p>'));
    assert.ok(v2.includes('<li>Added Zendesk: Customer &quot;tickets&quot;</li>'));
    assert.ok(v2.includes('<li>Changed Amazon Web Services: countries</li>'));
    assert.ok(v1.includes('<p>Initial list</p>'));
    assert.ok(v1.includes('<li>Added Amazon Web Services: Cloud hosting</li><li>Added Acme GmbH: Second-line support</li>'));
  });

  it('says so when a version changed nothing', () => {
    const versions = versionSummariesFixture();
    versions[0].changelog = { added: [], removed: [], changed: [] };
    assert.ok(entries(renderAtom(workspaceFixture(), versions, BASE_URL))[0].includes('<p>No changes to the sub-processors.</p>'));
  });

  it('gives the same output for the same input, whatever the clock says', (t) => {
    t.mock.timers.enable({ apis: ['Date'], now: Date.parse('2030-01-01T00:00:00Z') });
    const a = renderAtom(workspaceFixture(), versionSummariesFixture(), BASE_URL);
    t.mock.timers.setTime(Date.parse('2031-06-15T12:34:56Z'));
    const b = renderAtom(workspaceFixture(), versionSummariesFixture(), BASE_URL);
    assert.equal(a, b);
    assert.equal(/203[01]-/.test(a), false, 'no date taken from the clock');
  });

  it('uses the workspace creation time as updated, not the clock, when nothing is published', () => {
    const xml = renderAtom(workspaceFixture(), [], BASE_URL);
    assert.equal(entries(xml).length, 0);
    assert.ok(xml.includes('<updated>2025-01-02T08:00:00.000Z</updated>'));
    assert.equal(xml, renderAtom(workspaceFixture(), [], BASE_URL));
  });

  it('escapes markup in names, purposes, notes and the workspace name', () => {
    const versions = versionSummariesFixture();
    versions[0].changelog = { added: [{ id: 'e', name: '<script>alert(1)</script>', purpose: 'x]]>y & <b>' }], removed: [], changed: [] };
    versions[0].note = '<img src=x onerror=alert(1)>';
    const xml = renderAtom(workspaceFixture({ name: 'Evil <script>alert(2)</script> & Co' }), versions, BASE_URL);
    assert.equal(/<script|<img|<b>/i.test(xml), false);
    assert.ok(xml.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(xml.includes('x]]&gt;y &amp; &lt;b&gt;'), 'a CDATA terminator in user text cannot close the section');
    assert.ok(xml.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(xml.includes('<title>Evil &lt;script&gt;alert(2)&lt;/script&gt; &amp; Co — sub-processors</title>'));
  });

  it('keeps a literal "&amp;" in the workspace name instead of collapsing it to "&"', () => {
    const xml = renderAtom(workspaceFixture({ name: 'R&amp;D' }), [], BASE_URL);
    assert.ok(xml.includes('<name>R&amp;amp;D</name>'));
  });

  it('drops control characters that XML does not allow', () => {
    const versions = versionSummariesFixture();
    versions[0].note = 'bell\u0007 and null\u0000 here';
    const xml = renderAtom(workspaceFixture({ name: 'Acme\u0001' }), versions, BASE_URL);
    assert.equal(/[\u0000-\u0008]/.test(xml), false);
    assert.ok(xml.includes('<p>bell and null here</p>'));
  });
  it('adds one entry per announced change, among the versions by date, with its items and a link to its public page', () => {
    const change: PublicChange = {
      id: 'chg-1', title: 'New <e-mail> provider', reason: 'Better deliverability.', proposedDate: '2025-04-01', status: 'announced',
      announcedAt: '2025-02-15T09:00:00.000Z', appliedAt: null, items: ['New sub-processor: Mailjet — E-mail delivery (France)'],
    };
    const xml = renderAtom(workspaceFixture(), versionSummariesFixture(), BASE_URL, [change]);
    const all = entries(xml);
    assert.equal(all.length, 4);
    const e = all[1];
    assert.ok(e.includes(`<id>urn:trustroom:workspace:${workspaceFixture().id}:change:chg-1</id>`));
    assert.ok(e.includes('<link href="https://trust.example.test/w/acme/changes/chg-1"/>'));
    assert.ok(e.includes('Announced change: New &lt;e-mail&gt; provider — from 2025-04-01'));
    assert.ok(e.includes('<p>Proposed to take effect on 2025-04-01.</p>'));
    assert.ok(e.includes('<li>New sub-processor: Mailjet — E-mail delivery (France)</li>'));
    assert.ok(e.includes('<updated>2025-02-15T09:00:00.000Z</updated>'));
    const inEffect = renderAtom(workspaceFixture(), [], BASE_URL, [{ ...change, status: 'in_effect', appliedAt: '2025-04-01T00:00:00.000Z' }]);
    assert.ok(feedHead(inEffect).includes('<updated>2025-04-01T00:00:00.000Z</updated>'));
    assert.ok(entries(inEffect)[0].includes('Change in effect: New &lt;e-mail&gt; provider'));
  });
});
