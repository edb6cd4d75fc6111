import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { SYSTEM_ACTOR } from '../../shared/deps.ts';
import { updateWorkspaceBranding } from '../workspaces/workspace-branding.ts';
import { buildNoticeFacts, type NoticeFacts } from './notice-facts.ts';
import { renderAnnouncement, renderInEffect } from './render-notices.ts';

const AUDIENCE = { customerName: 'Globex SA', authorisation: 'general' as const, effectiveDate: '2026-07-01', windowEndsOn: '2026-06-30', respondUrl: 'http://trustroom.test/r/x', listUrl: 'http://trustroom.test/w/acme/subprocessors' };
const facts = (brand?: NoticeFacts['brand']): NoticeFacts => ({
  workspaceName: 'Acme & Co', workspaceSlug: 'acme', title: 'New mailer', reason: 'Deliverability', proposedDate: '2026-07-01', touched: { all: true, services: [], regions: [] }, items: [], brand,
});

it("heads a notice's HTML with the organisation's logo (its public address) and name, and uses its colour for the heading and links", () => {
  const notice = renderAnnouncement(facts({ colour: '#8250df', logoVersion: 'abc123def456' }), AUDIENCE);
  assert.match(notice.html, /<body[^>]*><p style="margin:0 0 1em;font-weight:bold;font-size:1\.1em;color:#8250df"><img src="http:\/\/trustroom\.test\/w\/acme\/logo\?v=abc123def456" alt="" height="40"[^>]*>Acme &amp; Co<\/p>/);
  assert.match(notice.html, /<h1 style="color:#8250df;font-size:1\.3em">New mailer<\/h1>/);
  assert.match(notice.html, /<a style="color:#8250df" href="http:\/\/trustroom\.test\/w\/acme\/subprocessors">/);
  const inEffect = renderInEffect(facts({ colour: null, logoVersion: null }), AUDIENCE);
  assert.match(inEffect.html, /<body[^>]*><p style="margin:0 0 1em;font-weight:bold;font-size:1\.1em">Acme &amp; Co<\/p>/);
  assert.doesNotMatch(inEffect.html, /<img|color:/);
});

forEachDialect('notices: branding frozen at announcement', (ctx) => {
  it("freezes the workspace's colour and logo version into a notice's facts from its row, as the announcement reads it", async () => {
    const { deps } = ctx.db;
    const { workspace } = await buildWorkspace(deps);
    await updateWorkspaceBranding(deps, SYSTEM_ACTOR, workspace.id, { brandColour: '#0b6bcb', logo: 'data:image/svg+xml;base64,' + Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64') });
    const row = await deps.db.selectFrom('workspaces').selectAll().where('id', '=', workspace.id).executeTakeFirstOrThrow();
    const built = await buildNoticeFacts(deps.db, row, { title: 'T', reason: 'R', proposedDate: '2026-07-01' }, [], { all: true, services: [], regions: [] });
    assert.equal(built.brand?.colour, '#0b6bcb');
    assert.match(built.brand?.logoVersion ?? '', /^[0-9a-f]{12}$/);
  });
});
