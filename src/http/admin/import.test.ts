import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildEntity } from '../../../test/factories.ts';
import { listImportDrafts } from '../../modules/import/apply-import.ts';
import { listEngagements, listEntities } from '../../modules/registry/registry.queries.ts';
import { consoleFixture, get, post, tagWithId } from './console.test-helpers.ts';
import { formFieldsOf, postMultipart } from './import.test-helpers.ts';

const CLOUDBLUE = readFileSync(new URL('../../modules/import/fixtures/seeds/003-cloudblue.txt', import.meta.url), 'utf8');
const VENDORS_CSV = 'Sub-processor,Purpose,Country\nStripe,Payments,Ireland\nAmazon Web Services,Hosting,"Germany, United States"\n';
const TWO_VENDORS_MD = '| Sub-processor | Purpose | Country |\n|---|---|---|\n| Stripe | Payments | Ireland |\n| Mailgun | E-mail delivery | United States |\n';

/** The records table of a page, so that the hidden copy of the source does not count. */
const recordsOf = (body: string) => /<caption>\d+ records? (?:to import|of this import)<\/caption>[\s\S]*?<\/table>/.exec(body)?.[0] ?? '';

forEachDialect('console: import', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('previews the pasted CloudBlue list, then imports it into an empty workspace as 12 entities and 16 engagements', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'editor');
    const page = await get(app, agent, `${base}/import`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="post" action="[^"]+\/import\/preview" enctype="multipart\/form-data">/);
    assert.match(page.body, /<a href="[^"]+\/import" aria-current="page">Import<\/a>/);

    const preview = await postMultipart(app, agent, `${base}/import/preview`, { text: CLOUDBLUE, url: '', format: '' });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /<h1>Preview: 16 records from “pasted text”<\/h1>/);
    const records = recordsOf(preview.body);
    assert.equal(records.match(/<tr id="row-\d+">/g)?.length, 16);
    assert.match(records, /<tr id="row-4"><td>4<\/td><th scope="row">Ingram Micro Inc\.<\/th><td>Technical Support, Platform Ops &amp; Maintenance<\/td>\s*<td>United States of America, Canada<\/td>/);
    assert.match(preview.body, /<li><a href="#row-7">Row 7<\/a>: duplicate entity &#39;Ingram Micro Inc\.&#39; \(also row 4\): imported as one entity with several engagements<\/li>/);
    assert.match(preview.body, /<select name="roles\[1\]\[3\]" aria-label="Role of column Location"><option value="name">[^]*?<option value="location" selected>/);
    assert.match(preview.body, /<button type="submit">Import these 16 records<\/button>/);

    const commit = await post(app, agent, `${base}/import/commit`, formFieldsOf(preview.body));
    assert.equal(commit.statusCode, 303);
    assert.equal(commit.headers.location, `${base}/engagements?imported=1`);
    const entities = await listEntities(deps.db, workspace.id);
    const engagements = await listEngagements(deps.db, workspace.id);
    assert.deepEqual([entities.length, engagements.length], [12, 16]);
    assert.equal(entities.filter((e) => e.name === 'Ingram Micro Inc.').length, 1);
    assert.equal(engagements.filter((g) => g.entityName === 'Ingram Micro Inc.').length, 3);
    assert.match((await get(app, agent, commit.headers.location)).body, /<p class="notice" role="status">Engagement records imported\.<\/p>/);
    assert.equal((await listImportDrafts(deps.db, workspace.id)).length, 0, 'an empty registry takes the records at once');
  });

  it('previews an uploaded CSV file and drops its countries when the location column is set to ignore', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'editor');
    const preview = await postMultipart(app, agent, `${base}/import/preview`, { text: '', url: '', format: '' }, { name: 'vendors.csv', type: 'text/csv', content: VENDORS_CSV });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /<h1>Preview: 2 records from “vendors\.csv”<\/h1>/);
    assert.match(preview.body, /Read as CSV\./);
    assert.match(recordsOf(preview.body), /<th scope="row">Stripe<\/th><td>Payments<\/td>\s*<td>Ireland<\/td>/);
    assert.match(recordsOf(preview.body), /<th scope="row">Amazon Web Services<\/th><td>Hosting<\/td>\s*<td>Germany, United States of America<\/td>/);

    const fields = formFieldsOf(preview.body);
    assert.equal(fields['roles[0][2]'], 'location');
    const again = await post(app, agent, `${base}/import/preview`, { ...fields, 'roles[0][2]': 'ignore' });
    assert.equal(again.statusCode, 200);
    assert.match(again.body, /<h1>Preview: 2 records from “vendors\.csv”<\/h1>/);
    assert.match(recordsOf(again.body), /<th scope="row">Stripe<\/th><td>Payments<\/td>\s*<td>—<\/td>/);
    assert.doesNotMatch(recordsOf(again.body), /Ireland|Germany/);
    assert.match(again.body, /<select name="roles\[0\]\[2\]" aria-label="Role of column Country">[^]*?<option value="ignore" selected>Ignore this column<\/option>/);

    const commit = await post(app, agent, `${base}/import/commit`, formFieldsOf(again.body));
    assert.equal(commit.statusCode, 303);
    assert.deepEqual((await listEngagements(deps.db, workspace.id)).map((g) => [g.entityName, g.countries]).sort(), [['Amazon Web Services', []], ['Stripe', []]]);
  });

  it('previews every parsed field (legal entity, website, data categories, transfer mechanism) and offers a legal-entity role that the import keeps', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'editor');
    const csv = 'Vendor,Legal entity,Purpose,Country,Website,Data categories,Transfer mechanism\nStripe,"Stripe Payments Europe, Ltd.",Payments,Ireland,https://stripe.com,Billing address; Payment card,SCCs 2021\n';
    const preview = await postMultipart(app, agent, `${base}/import/preview`, { text: csv, url: '', format: 'csv' });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /<th scope="col">Legal entity<\/th><th scope="col">Website<\/th><th scope="col">Data categories<\/th><th scope="col">Transfer mechanism<\/th>/);
    assert.match(recordsOf(preview.body), /<td>Stripe Payments Europe, Ltd\.<\/td><td>https:\/\/stripe\.com<\/td><td>Billing address, Payment card<\/td><td>SCCs 2021<\/td>/);
    assert.match(preview.body, /<select name="roles\[0\]\[1\]" aria-label="Role of column Legal entity">[^]*?<option value="legalName" selected>Legal entity<\/option>/);
    assert.match(preview.body, /<select name="roles\[0\]\[0\]" aria-label="Role of column Vendor">[^]*?<option value="legalName">Legal entity<\/option>/);
    const commit = await post(app, agent, `${base}/import/commit`, formFieldsOf(preview.body));
    assert.equal(commit.statusCode, 303);
    assert.deepEqual((await listEntities(deps.db, workspace.id)).map((e) => [e.name, e.legalName]), [['Stripe', 'Stripe Payments Europe, Ltd.']]);
  });

  it('keeps an import into a registry with content as a draft, marks the rows already there, and adds only the new ones once', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    const stripe = await buildEntity(deps, scope, { name: 'Stripe' });
    await buildEngagement(deps, scope, { entityId: stripe.id, purpose: 'Payments', countries: ['IE'] });

    const preview = await postMultipart(app, agent, `${base}/import/preview`, { text: TWO_VENDORS_MD, url: '', format: 'markdown' });
    assert.equal(preview.statusCode, 200);
    const commit = await post(app, agent, `${base}/import/commit`, formFieldsOf(preview.body));
    assert.equal(commit.statusCode, 303);
    const [draft] = await listImportDrafts(deps.db, workspace.id);
    assert.equal(commit.headers.location, `${base}/import/drafts/${draft.id}?drafted=1`);
    assert.equal((await listEngagements(deps.db, workspace.id)).length, 1, 'a draft changes nothing yet');

    const review = await get(app, agent, commit.headers.location!);
    assert.equal(review.statusCode, 200);
    assert.match(review.body, /<h1>Import from “pasted text”<\/h1>/);
    assert.match(review.body, /role="status">The registry already has content/);
    assert.match(review.body, /2 records: 1 already in the registry, 0 changed, 1 new\./);
    assert.match(recordsOf(review.body), /<td>1<\/td><td>Already in the registry<\/td><th scope="row">Stripe<\/th>/);
    assert.match(recordsOf(review.body), /<td>2<\/td><td>New<\/td><th scope="row">Mailgun<\/th>/);
    assert.match(review.body, /<button type="submit">Add the 1 new record<\/button>/);
    assert.match(review.body, /<button type="submit" class="danger">Discard<\/button>/);

    const apply = await post(app, agent, `${base}/import/drafts/${draft.id}/apply`, {});
    assert.equal(apply.statusCode, 303);
    assert.equal(apply.headers.location, `${base}/engagements?imported=1`);
    assert.deepEqual((await listEngagements(deps.db, workspace.id)).map((g) => g.entityName).sort(), ['Mailgun', 'Stripe']);
    const twice = await post(app, agent, `${base}/import/drafts/${draft.id}/apply`, {});
    assert.equal(twice.statusCode, 409);
    assert.match(twice.body, /<h1>Conflict<\/h1><p>this import was already applied<\/p>/);
    assert.equal((await listEngagements(deps.db, workspace.id)).length, 2);
    const decided = await get(app, agent, `${base}/import/drafts/${draft.id}`);
    assert.match(decided.body, /Status: <strong>Applied<\/strong>/);
    assert.doesNotMatch(decided.body, /<button type="submit">Add the|>Discard<\/button>/);

    const again = await post(app, agent, `${base}/import/commit`, formFieldsOf(preview.body));
    const second = again.headers.location!.replace(/^.*\/drafts\/([^?]+).*$/, '$1');
    const discard = await post(app, agent, `${base}/import/drafts/${second}/discard`, {});
    assert.equal(discard.headers.location, `${base}/import?discarded=1`);
    assert.equal((await listEngagements(deps.db, workspace.id)).length, 2, 'discarding leaves the registry alone');
    const list = await get(app, agent, discard.headers.location);
    assert.match(list.body, /role="status">Import draft discarded: the registry is unchanged\./);
    assert.match(list.body, new RegExp(`<a href="${base}/import/drafts/${second}">pasted text</a></th><td>2</td><td>Discarded</td>`));
    assert.match(list.body, new RegExp(`<a href="${base}/import/drafts/${draft.id}">pasted text</a></th><td>2</td><td>Applied</td>`));
  });

  it('turns a draft into a change proposal, and shows a missing date next to its field with 400', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    const stripe = await buildEntity(deps, scope, { name: 'Stripe' });
    await buildEngagement(deps, scope, { entityId: stripe.id, purpose: 'Payments', countries: ['IE'] });
    const preview = await postMultipart(app, agent, `${base}/import/preview`, { text: TWO_VENDORS_MD, url: '', format: 'markdown' });
    await post(app, agent, `${base}/import/commit`, formFieldsOf(preview.body));
    const [draft] = await listImportDrafts(deps.db, workspace.id);
    const review = await get(app, agent, `${base}/import/drafts/${draft.id}`);
    assert.match(review.body, /<h2 id="propose">Or propose it as a change<\/h2>/);
    const missing = await post(app, agent, `${base}/import/drafts/${draft.id}/propose`, { title: 'Add Mailgun', proposedDate: '', reason: 'New list', includeRemovals: ['0', 'on'] });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /<p class="error" id="proposedDate-error">Proposed effective date: is required<\/p>/);
    const ok = await post(app, agent, `${base}/import/drafts/${draft.id}/propose`, { title: 'Add Mailgun', proposedDate: '2031-02-03', reason: 'New list', includeRemovals: '0' });
    assert.equal(ok.statusCode, 303);
    const changeId = ok.headers.location!.replace(/^.*\/changes\/([^?]+).*$/, '$1');
    const change = await deps.db.selectFrom('changes').selectAll().where('id', '=', changeId).executeTakeFirstOrThrow();
    assert.deepEqual([change.status, change.title, change.proposed_date, JSON.parse(change.operations).map((o: { op: string }) => o.op)], ['draft', 'Add Mailgun', '2031-02-03', ['add']]);
    assert.equal((await listEngagements(deps.db, workspace.id)).length, 1, 'the registry waits for the change to take effect');
  });

  it('shows each draft row as already in the registry, changed (naming the fields) or new, matching entities by legal or normalised name', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    const stripe = await buildEntity(deps, scope, { name: 'Stripe' });
    await buildEngagement(deps, scope, { entityId: stripe.id, purpose: 'Payments', countries: ['IE'] });
    const aws = await buildEntity(deps, scope, { name: 'AWS', legalName: 'Amazon Web Services, Inc.' });
    await buildEngagement(deps, scope, { entityId: aws.id, purpose: 'Hosting', countries: ['DE'] });
    const md = '| Sub-processor | Purpose | Country |\n|---|---|---|\n| Stripe, Inc. | Payments | Ireland |\n| Amazon Web Services, Inc. | Hosting | Germany, Ireland |\n| Mailgun | E-mail delivery | United States |\n';
    const preview = await postMultipart(app, agent, `${base}/import/preview`, { text: md, url: '', format: 'markdown' });
    await post(app, agent, `${base}/import/commit`, formFieldsOf(preview.body));
    const [draft] = await listImportDrafts(deps.db, workspace.id);
    const review = await get(app, agent, `${base}/import/drafts/${draft.id}`);
    assert.match(review.body, /3 records: 1 already in the registry, 1 changed, 1 new\./);
    const records = recordsOf(review.body);
    assert.match(records, /<td>1<\/td><td>Already in the registry<\/td><th scope="row">Stripe, Inc\.<\/th>/);
    assert.match(records, /<td>2<\/td><td>Changed: countries<\/td><th scope="row">Amazon Web Services, Inc\.<\/th>/);
    assert.match(records, /<td>3<\/td><td>New<\/td><th scope="row">Mailgun<\/th>/);
    await post(app, agent, `${base}/import/drafts/${draft.id}/apply`, {});
    assert.deepEqual((await listEntities(deps.db, workspace.id)).map((e) => e.name).sort(), ['AWS', 'Mailgun', 'Stripe'], 'no second Stripe or Amazon entity');
  });

  it('proposes removals of engagements missing from the list when the box is ticked as a browser sends it, and none when it is not', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, agent, base } = await consoleFixture(deps, 'editor');
    const stripe = await buildEntity(deps, scope, { name: 'Stripe' });
    await buildEngagement(deps, scope, { entityId: stripe.id, purpose: 'Payments', countries: ['IE'] });
    const old = await buildEntity(deps, scope, { name: 'Old Mailer' });
    await buildEngagement(deps, scope, { entityId: old.id, purpose: 'Newsletters', countries: ['US'] });
    const preview = await postMultipart(app, agent, `${base}/import/preview`, { text: TWO_VENDORS_MD, url: '', format: 'markdown' });
    await post(app, agent, `${base}/import/commit`, formFieldsOf(preview.body));
    const [draft] = await listImportDrafts(deps.db, workspace.id);
    const review = await get(app, agent, `${base}/import/drafts/${draft.id}`);
    // What the browser submits: the hidden field, then the ticked checkbox with its own value.
    const hidden = /<input type="hidden" name="includeRemovals" value="([^"]*)">/.exec(review.body)?.[1];
    const ticked = /<input type="checkbox" id="f-includeRemovals" name="includeRemovals" value="([^"]*)"/.exec(review.body)?.[1];
    assert.deepEqual([hidden, ticked], ['0', 'true']);
    const operations = async (location: string) => {
      const id = location.replace(/^.*\/changes\/([^?]+).*$/, '$1');
      const change = await deps.db.selectFrom('changes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return JSON.parse(change.operations).map((o: { op: string }) => o.op).sort();
    };
    const form = { title: 'New list', proposedDate: '2031-02-03', reason: 'Imported' };
    const withBox = await post(app, agent, `${base}/import/drafts/${draft.id}/propose`, { ...form, includeRemovals: [hidden!, ticked!] });
    assert.equal(withBox.statusCode, 303);
    assert.deepEqual(await operations(withBox.headers.location!), ['add', 'remove']);

    const preview2 = await postMultipart(app, agent, `${base}/import/preview`, { text: TWO_VENDORS_MD, url: '', format: 'markdown' });
    await post(app, agent, `${base}/import/commit`, formFieldsOf(preview2.body));
    const second = (await listImportDrafts(deps.db, workspace.id)).find((d) => d.id !== draft.id && d.status === 'draft')!;
    const before = await deps.db.selectFrom('changes').select('id').execute();
    const bad = await post(app, agent, `${base}/import/drafts/${second.id}/propose`, { ...form, includeRemovals: [hidden!, 'maybe'] });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /must be true or false/);
    assert.equal((await deps.db.selectFrom('changes').select('id').execute()).length, before.length, 'a refused proposal changes nothing');
    const withoutBox = await post(app, agent, `${base}/import/drafts/${second.id}/propose`, { ...form, includeRemovals: hidden! });
    assert.equal(withoutBox.statusCode, 303);
    assert.deepEqual(await operations(withoutBox.headers.location!), ['add']);
  });

  it('refuses a web address on the private network, and one that is not http(s), next to the address field', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'editor');
    const res = await postMultipart(app, agent, `${base}/import/preview`, { text: '', url: 'http://127.0.0.1:9/', format: '' });
    assert.equal(res.statusCode, 400);
    assert.match(tagWithId(res.body, 'f-url'), /aria-invalid="true"/);
    assert.match(tagWithId(res.body, 'f-url'), /value="http:\/\/127\.0\.0\.1:9\/"/);
    assert.match(res.body, /<p class="error" id="url-error">Or its web address: refused private address for host &#39;127\.0\.0\.1&#39;; the console reads only public addresses/);
    assert.match(res.body, /class="error-summary" role="alert"/);
    for (const url of ['/etc/passwd', 'file:///etc/passwd']) {
      const local = await postMultipart(app, agent, `${base}/import/preview`, { text: '', url, format: '' });
      assert.equal(local.statusCode, 400, url);
      assert.match(local.body, /id="url-error">Or its web address: must be a web address starting with https:\/\/ or http:\/\//, url);
    }
  });

  it('refuses a multipart preview without the right CSRF field, and the preview form and commit without one', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'editor');
    for (const csrf of [false, 'not-the-token'] as const) {
      const res = await postMultipart(app, agent, `${base}/import/preview`, { text: TWO_VENDORS_MD }, undefined, { csrf });
      assert.equal(res.statusCode, 403, String(csrf));
      assert.match(res.body, /the form expired or did not come from this site/);
    }
    const fields = { source: TWO_VENDORS_MD, sourceName: 'x', format: 'markdown' };
    assert.equal((await post(app, agent, `${base}/import/preview`, fields, { csrf: false })).statusCode, 403);
    assert.equal((await post(app, agent, `${base}/import/commit`, fields, { csrf: false })).statusCode, 403);
    const multipartCommit = await postMultipart(app, agent, `${base}/import/commit`, fields);
    assert.equal(multipartCommit.statusCode, 403, 'only the preview route reads multipart bodies');
  });

  it('shows a viewer the drafts without the form and refuses their posts with 403', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'viewer');
    const page = await get(app, agent, `${base}/import`);
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /<form method="post" action="[^"]+\/import/);
    assert.match(page.body, /Importing a list needs the editor role/);
    assert.equal((await postMultipart(app, agent, `${base}/import/preview`, { text: TWO_VENDORS_MD })).statusCode, 403);
    assert.equal((await post(app, agent, `${base}/import/commit`, { source: TWO_VENDORS_MD, format: 'markdown' })).statusCode, 403);
    assert.equal((await listEngagements(deps.db, workspace.id)).length, 0);
  });

  it('asks for exactly one source: nothing given, or two at once, is shown next to the fields with 400', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'editor');
    const empty = await postMultipart(app, agent, `${base}/import/preview`, { text: '  \n', url: '', format: '' });
    assert.equal(empty.statusCode, 400);
    for (const [field, label] of [['file', 'File'], ['text', 'Or paste the list'], ['url', 'Or its web address']]) {
      assert.match(tagWithId(empty.body, `f-${field}`), /aria-invalid="true"/, field);
      assert.ok(empty.body.includes(`<p class="error" id="${field}-error">${label}: choose a file, paste the list or enter its web address</p>`), field);
    }
    assert.match(empty.body, /<h2>Please correct these fields<\/h2>/);

    const both = await postMultipart(app, agent, `${base}/import/preview`, { text: TWO_VENDORS_MD, url: 'https://example.com/subprocessors', format: '' });
    assert.equal(both.statusCode, 400);
    assert.match(both.body, /id="text-error">Or paste the list: use only one of the three ways/);
    assert.match(both.body, /id="url-error">Or its web address: use only one of the three ways/);
    assert.doesNotMatch(both.body, /id="file-error"/);
    assert.match(both.body, /<textarea id="f-text" name="text"[^>]*>\| Sub-processor \| Purpose/, 'what was pasted stays');

    const emptyFile = await postMultipart(app, agent, `${base}/import/preview`, { text: '', url: '' }, { name: 'list.csv', type: 'text/csv', content: '' });
    assert.equal(emptyFile.statusCode, 400);
    assert.match(emptyFile.body, /id="file-error">File: the file is empty<\/p>/);

    const prose = await postMultipart(app, agent, `${base}/import/preview`, { text: 'We care about your privacy.\n', url: '' });
    assert.equal(prose.statusCode, 400);
    assert.match(prose.body, /id="text-error">Or paste the list: no table, list or vendor headings with sub-processors found in this markdown document<\/p>/);
  });

  it('refuses a file over 5 MB next to the file field with 413', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'editor');
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 'a');
    const res = await postMultipart(app, agent, `${base}/import/preview`, { text: '', url: '' }, { name: 'huge.csv', type: 'text/csv', content: big });
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /id="file-error">File: the file is larger than the 5 MB limit<\/p>/);
    const pasted = await postMultipart(app, agent, `${base}/import/preview`, { text: big.toString(), url: '' });
    assert.equal(pasted.statusCode, 413);
    assert.match(pasted.body, /id="text-error">Or paste the list: the text is larger than the 5 MB limit<\/p>/);
  });

  it('escapes a name containing a script tag in the preview', async () => {
    const { deps } = ctx.db;
    const { agent, base } = await consoleFixture(deps, 'editor');
    const text = '| Sub-processor | Purpose | Country |\n|---|---|---|\n| &lt;script&gt;alert(1)&lt;/script&gt; Evil Ltd | Hosting | Germany |\n';
    const res = await postMultipart(app, agent, `${base}/import/preview`, { text, url: '' });
    assert.equal(res.statusCode, 200);
    assert.match(recordsOf(res.body), /<th scope="row">&lt;script&gt;alert\(1\)&lt;\/script&gt; Evil Ltd<\/th>/);
    assert.ok(!res.body.includes('<script>alert(1)</script>'));
    assert.equal(formFieldsOf(res.body).source, text.replace(/\n/g, '\r\n'), 'the hidden copy of the source comes back as sent');
  });
});
