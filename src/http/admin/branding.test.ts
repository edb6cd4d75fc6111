import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders, buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { inviteContacts } from '../../modules/portal/invite-contact.ts';
import { latestLinkPath, signInThrough } from '../portal/portal.test-helpers.ts';
import { publishListVersion } from '../../modules/publishing/publish-list-version.ts';
import { findWorkspace } from '../../modules/workspaces/workspaces.ts';
import { auditActions, call } from '../api/api.test-helpers.ts';
import { consoleFixture, get, tagWithId } from './console.test-helpers.ts';

/** The smallest valid PNG (1×1, transparent). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const PNG_URI = `data:image/png;base64,${PNG.toString('base64')}`;

const BOUNDARY = '----TrustroomBrandingBoundary';
/** The branding form as a browser sends it: text fields, then the logo file part (empty when none is chosen). */
function brandingForm(csrf: string, fields: Record<string, string>, logo?: { name: string; type: string; content: Buffer }) {
  const chunks: Buffer[] = [];
  const part = (headers: string, content: string | Buffer) => chunks.push(Buffer.from(`--${BOUNDARY}\r\n${headers}\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n'));
  for (const [k, v] of Object.entries({ _csrf: csrf, ...fields })) part(`Content-Disposition: form-data; name="${k}"`, v);
  part(`Content-Disposition: form-data; name="logo"; filename="${logo?.name ?? ''}"\r\nContent-Type: ${logo?.type ?? 'application/octet-stream'}`, logo?.content ?? '');
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } };
}

forEachDialect('workspace branding and sender', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  it('refuses a brand colour below 4.5:1 against white with a 400 naming brandColour and its contrast, changing nothing', async () => {
    const { deps } = ctx.db;
    const { workspace } = await buildWorkspace(deps);
    const admin = await apiTokenHeaders(deps, workspace.id, 'admin');
    const before = (await auditActions(deps, workspace.id)).length;
    const bad = await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, admin, { brandColour: '#777777', mailFromName: 'Acme' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error, 'validation_error');
    assert.match(bad.body.message, /^brandColour: has a contrast of 4\.48:1 against white; text needs at least 4\.5:1 \(WCAG AA\)/);
    const yellow = await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, admin, { brandColour: '#ffcc00' });
    assert.match(yellow.body.message, /^brandColour: has a contrast of 1\.\d\d:1/);
    assert.match((await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, admin, { brandColour: 'blue' })).body.message, /^brandColour: must be a colour as #rrggbb/);
    assert.deepEqual((await findWorkspace(deps.db, workspace.id))!.branding, { brandColour: null, logoDataUri: null, mailFromName: null, mailFromAddress: null });
    assert.equal((await auditActions(deps, workspace.id)).length, before);
  });

  it('sets colour, logo and sender through the API (admin), reads them with a viewer token, and audits the change', async () => {
    const { deps } = ctx.db;
    const { workspace } = await buildWorkspace(deps);
    const admin = await apiTokenHeaders(deps, workspace.id, 'admin');
    const viewer = await apiTokenHeaders(deps, workspace.id, 'viewer');
    assert.equal((await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, viewer, { brandColour: '#0b6bcb' })).status, 403);
    const ok = await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, admin, { brandColour: '#0B6BCB', logo: PNG_URI, mailFromName: 'Acme Privacy', mailFromAddress: 'privacy@acme.test' });
    assert.equal(ok.status, 200);
    assert.deepEqual((await call(app, 'GET', `/api/w/${workspace.slug}/branding`, viewer)).body.data, { brandColour: '#0b6bcb', logo: PNG_URI, mailFromName: 'Acme Privacy', mailFromAddress: 'privacy@acme.test' });
    assert.equal((await auditActions(deps, workspace.id)).at(-1), 'workspace.branding_updated');
    const cleared = await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, admin, { mailFromAddress: null });
    assert.deepEqual(cleared.body.data, { brandColour: '#0b6bcb', logo: PNG_URI, mailFromName: 'Acme Privacy', mailFromAddress: null });
    const badMail = await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, admin, { mailFromAddress: 'not an address' });
    assert.match(badMail.body.message, /^mailFromAddress: must be an e-mail address/);
  });

  it('refuses an SVG logo with a script, a logo over 100 KB and a file that is not PNG or SVG, naming logo', async () => {
    const { deps } = ctx.db;
    const { workspace } = await buildWorkspace(deps);
    const admin = await apiTokenHeaders(deps, workspace.id, 'admin');
    const svg = (s: string) => `data:image/svg+xml;base64,${Buffer.from(s).toString('base64')}`;
    const script = await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, admin, { logo: svg('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
    assert.match(script.body.message, /^logo: an SVG logo must not contain scripts/);
    const handler = await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, admin, { logo: svg('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') });
    assert.match(handler.body.message, /^logo: an SVG logo must not contain/);
    const big = await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, admin, { logo: `data:image/png;base64,${Buffer.concat([PNG, Buffer.alloc(101 * 1024)]).toString('base64')}` });
    assert.match(big.body.message, /^logo: must be at most 100 KB/);
    const gif = await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, admin, { logo: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' });
    assert.match(gif.body.message, /^logo: must be a data: URI of a PNG or SVG image/);
    const fakePng = await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, admin, { logo: `data:image/png;base64,${Buffer.from('<html>').toString('base64')}` });
    assert.match(fakePng.body.message, /^logo: must be a PNG or SVG image/);
    const plain = await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, admin, { logo: svg('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#0b6bcb"/></svg>') });
    assert.equal(plain.status, 200);
  });

  it('shows the logo, the name and the colour on the public list page, and serves the logo as an image that cannot run anything', async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps, { name: 'Acme Cloud' });
    await buildEngagement(deps, scope, { entityId: (await buildEntity(deps, scope, { name: 'Hosting GmbH', country: 'DE' })).id, purpose: 'Hosting', countries: ['DE'] });
    await publishListVersion(deps, scope, {});
    const admin = await apiTokenHeaders(deps, workspace.id, 'admin');
    assert.equal((await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, admin, { brandColour: '#8250df', logo: PNG_URI })).status, 200);
    // The list's cache holds a workspace for a few seconds; a new slug's first read is fresh.
    const page = await app.inject({ url: `/w/${workspace.slug}/subprocessors` });
    assert.equal(page.statusCode, 200);
    const logoUrl = /<a class="brand org" href="\/w\/[^"]+\/subprocessors"><img class="brand-logo" src="(\/w\/[^"]+\/logo\?v=[0-9a-f]{12})" alt="" height="40"><span>Acme Cloud<\/span><\/a>/.exec(page.body)?.[1];
    assert.ok(logoUrl, 'the header shows the logo and the name');
    assert.match(page.body, new RegExp(`<link rel="stylesheet" href="/w/${workspace.slug}/brand\\.css\\?v=8250df">`));
    const logo = await app.inject({ url: logoUrl });
    assert.equal(logo.statusCode, 200);
    assert.equal(logo.headers['content-type'], 'image/png');
    assert.deepEqual(logo.rawPayload, PNG);
    assert.match(String(logo.headers['content-security-policy']), /^default-src 'none';.*sandbox/);
    const css = await app.inject({ url: `/w/${workspace.slug}/brand.css` });
    assert.match(css.body, /--accent: #8250df;/);
    assert.match(String(css.headers['content-type']), /^text\/css/);
  });

  it('saves the branding from the console form with an uploaded logo, and shows a low-contrast colour refused next to its field', async () => {
    const { deps } = ctx.db;
    const { workspace, agent, base } = await consoleFixture(deps, 'admin');
    const page = await get(app, agent, `${base}/settings`);
    assert.match(page.body, /<form method="post" action="[^"]+\/settings\/branding" enctype="multipart\/form-data">/);
    const saved = await app.inject({ method: 'POST', url: `${base}/settings/branding`, ...(() => { const f = brandingForm(agent.csrf, { brandColour: '#0b6bcb', mailFromName: 'Acme Privacy', mailFromAddress: '' }, { name: 'logo.png', type: 'image/png', content: PNG }); return { payload: f.payload, headers: { ...f.headers, cookie: agent.cookie } }; })() });
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
    assert.deepEqual((await findWorkspace(deps.db, workspace.id))!.branding, { brandColour: '#0b6bcb', logoDataUri: PNG_URI, mailFromName: 'Acme Privacy', mailFromAddress: null });
    const again = await get(app, agent, `${base}/settings`);
    assert.match(again.body, /Current logo: <img class="brand-logo" src="data:image\/png;base64,[^"]+" alt="Logo of [^"]+" height="40">/);
    const refused = await app.inject({ method: 'POST', url: `${base}/settings/branding`, ...(() => { const f = brandingForm(agent.csrf, { brandColour: '#999999', mailFromName: '', mailFromAddress: '' }); return { payload: f.payload, headers: { ...f.headers, cookie: agent.cookie } }; })() });
    assert.equal(refused.statusCode, 400);
    assert.match(tagWithId(refused.body, 'f-brandColour'), /aria-invalid="true"/);
    assert.match(refused.body, /<p class="error" id="brandColour-error">Accent colour: has a contrast of 2\.85:1 against white/);
    assert.equal((await findWorkspace(deps.db, workspace.id))!.branding.brandColour, '#0b6bcb');
    const noToken = await app.inject({ method: 'POST', url: `${base}/settings/branding`, ...(() => { const f = brandingForm('wrong', { brandColour: '' }); return { payload: f.payload, headers: { ...f.headers, cookie: agent.cookie } }; })() });
    assert.equal(noToken.statusCode, 403);
  });

  it("shows the organisation's logo and name and its colour's stylesheet in the customer portal", async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps, { name: 'Acme Cloud' });
    const admin = await apiTokenHeaders(deps, workspace.id, 'admin');
    assert.equal((await call(app, 'PATCH', `/api/w/${workspace.slug}/branding`, admin, { brandColour: '#1a7f37', logo: PNG_URI })).status, 200);
    const customer = await buildCustomer(deps, scope, { name: 'Initech AG', contacts: [{ email: 'dpo@initech-brand.test', name: 'Ina' }] });
    await inviteContacts(deps, scope, customer.id, {});
    const cookie = await signInThrough(app, await latestLinkPath(deps.db, 'dpo@initech-brand.test'));
    const page = await app.inject({ url: `/portal/w/${workspace.slug}`, headers: { cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`<a class="brand org" href="/portal/w/${workspace.slug}"><img class="brand-logo" src="/w/${workspace.slug}/logo\\?v=[0-9a-f]{12}" alt="" height="40"><span>Acme Cloud</span></a>`));
    assert.match(page.body, new RegExp(`<link rel="stylesheet" href="/w/${workspace.slug}/brand\\.css\\?v=1a7f37">`));
  });
});
