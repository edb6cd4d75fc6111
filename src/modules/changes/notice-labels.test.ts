import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { parseEngagementInput } from '../registry/registry.ts';
import { buildNoticeFacts, type NoticeFacts } from './notice-facts.ts';
import { renderAnnouncement } from './render-notices.ts';

const AUDIENCE = { customerName: 'Globex SA', authorisation: 'general' as const, effectiveDate: '2026-07-01', windowEndsOn: '2026-06-30', respondUrl: 'http://trustroom.test/r/x', listUrl: 'http://trustroom.test/w/acme/subprocessors' };

it('names the data categories of a notice frozen with fideslang keys, before names were used', () => {
  const facts: NoticeFacts = {
    workspaceName: 'Acme', workspaceSlug: 'acme', title: 'New mailer', reason: 'Deliverability', proposedDate: '2026-07-01', touched: { all: true, services: [], regions: [] },
    items: [{ op: 'add', before: null, after: { name: 'Mailer', legalName: null, entityCountry: null, contact: null, purpose: 'E-mail', countries: [], services: [], regions: [], transferMechanisms: [], dataCategories: ['user.contact.email', 'Newsletter texts'] } }],
  };
  const notice = renderAnnouncement(facts, AUDIENCE);
  assert.match(notice.text, /Data categories: User Contact Email, Newsletter texts\n/);
  assert.doesNotMatch(notice.text + notice.html, /user\.contact\.email|Address:|Data subjects/);
});

forEachDialect('notices: labels, address and data subjects', (ctx) => {
  it("gives a notice the sub-processor's address, its categories of data subjects and the names of its data categories, never their keys", async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps, { name: 'Acme Cloud' });
    const entity = await buildEntity(deps, scope, { name: 'Mailer Ltd', address: '1 Dock Road, Dublin', country: 'IE' });
    const old = await buildEngagement(deps, scope, { entityId: entity.id, purpose: 'E-mail delivery', dataCategories: ['user.contact.email'], dataSubjectCategories: ['End users'] });
    const engagement = parseEngagementInput({
      entityId: entity.id, purpose: 'E-mail delivery', countries: ['IE'], dataCategories: ['user.contact.email', 'user.name'], dataSubjectCategories: ['End users', 'Customer staff'],
    });
    const facts = await buildNoticeFacts(deps.db, workspace, { title: 'Mailer change', reason: 'Better delivery', proposedDate: '2026-07-01' }, [{ op: 'modify', engagementId: old.id, engagement }], { all: true, services: [], regions: [] });
    const [item] = facts.items;
    assert.deepEqual(item.after?.dataCategories, ['User Contact Email', 'Name']);
    assert.deepEqual([item.after?.address, item.after?.dataSubjectCategories], ['1 Dock Road, Dublin', ['End users', 'Customer staff']]);
    assert.deepEqual(item.before?.dataSubjectCategories, ['End users']);

    const notice = renderAnnouncement(facts, AUDIENCE);
    assert.match(notice.text, /  Address: 1 Dock Road, Dublin\n/);
    assert.match(notice.text, /  Data categories: User Contact Email, Name\n  Data subjects: End users, Customer staff\n/);
    assert.match(notice.html, /<th scope="row"[^>]*>Address<\/th><td>1 Dock Road, Dublin<\/td>/);
    assert.match(notice.html, /<th scope="row"[^>]*>Data categories<\/th><td>User Contact Email, Name<\/td>/);
    assert.match(notice.html, /<th scope="row"[^>]*>Data subjects<\/th><td>End users, Customer staff<\/td>/);
    assert.doesNotMatch(notice.text + notice.html, /user\.contact\.email|user\.name/);
  });
});
