import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, signedInMember } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { inviteContacts } from '../../modules/portal/invite-contact.ts';
import { forwardedRequest, forwardingFixture } from '../../modules/requests/forwarding/forwarding.test-helpers.ts';
import { sendForwarding } from '../../modules/requests/forwarding/send-forwarding.ts';
import { manualClock } from '../../modules/webhooks/webhooks.test-helpers.ts';
import type { Deps } from '../../shared/deps.ts';
import { latestLinkPath, signInThrough } from '../portal/portal.test-helpers.ts';

forEachDialect('console: requests a customer did not instruct in time', (ctx) => {
  const clock = manualClock('2030-03-04T09:00:00.000Z');
  let deps: Deps;
  let app: FastifyInstance;
  before(async () => {
    deps = { ...ctx.db.deps, clock };
    app = await buildTestApp(deps);
  });
  after(async () => app?.close());

  it('shows operators a request whose term ran out with no instruction, and never shows it in the customer portal', async () => {
    const f = await forwardingFixture(deps);
    const request = await forwardedRequest(deps, f);
    await sendForwarding(deps, (await deps.db.selectFrom('dsr_forwardings').select('id').where('request_id', '=', request.id).executeTakeFirstOrThrow()).id);
    const viewer = await signedInMember(deps, f.workspaceId, 'viewer');
    const before = await app.inject({ url: `/admin/w/${f.slug}`, headers: viewer.headers });
    assert.doesNotMatch(before.body, /Requests waiting for a customer/, 'nothing while the term runs');
    clock.advance(73 * 3600_000);
    // A new sign-in: the first session lapsed meanwhile.
    const late = await app.inject({ url: `/admin/w/${f.slug}`, headers: (await signedInMember(deps, f.workspaceId, 'viewer')).headers });
    assert.equal(late.statusCode, 200);
    const section = late.body.slice(late.body.indexOf('<h2 id="forwarding-title">'));
    assert.match(section, /One request has no instruction from the customer in time/);
    assert.ok(section.includes(`href="/admin/w/${f.slug}/requests/${request.id}">${request.reference}</a>`));
    assert.match(section, /<td>Hooli SA<\/td><td>2030-03-07 09:00 UTC<\/td>/);

    await inviteContacts(deps, f.scope, f.customerId, {});
    const cookie = await signInThrough(app, await latestLinkPath(deps.db, 'dpo@hooli.test'));
    for (const path of ['', '/requests', `/requests/${request.id}`]) {
      const page = await app.inject({ url: `/portal/w/${f.slug}${path}`, headers: { cookie } });
      assert.equal(page.statusCode, 200, path);
      assert.doesNotMatch(page.body, /no instruction from the customer in time|Requests waiting for a customer/, path);
    }
  });
});
