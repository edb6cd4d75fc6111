import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders, buildTestApp, signedInMember, TEST_PUBLIC_URL } from '../../test/app.ts';
import { forEachDialect } from '../../test/dialects.ts';
import { buildDpaWorkspace, publishDpa } from '../modules/dpa/dpa.test-helpers.ts';
import { requestDpaAcceptance } from '../modules/dpa/request-dpa-acceptance.ts';
import { inviteContacts } from '../modules/portal/invite-contact.ts';
import type { Deps } from '../shared/deps.ts';
import { createLogger } from '../shared/logger.ts';
import { redactLinkSecrets } from '../shared/redact-secrets.ts';
import { buildApp } from './app.ts';

/** Every one-time secret e-mailed to the workspace's customers (the last path segment of each link). */
async function secretsInOutbox(deps: Deps, workspaceId: string) {
  const rows = await deps.db.selectFrom('messages').select(['id', 'text_body', 'kind']).where('workspace_id', '=', workspaceId).execute();
  const out = rows.map((r) => {
    const m = /\/(?:dpa\/accept|link)\/([A-Za-z0-9_-]{20,})/.exec(r.text_body);
    assert.ok(m, `a one-time link in the ${r.kind} message`);
    return { id: r.id, kind: r.kind, secret: m[1] };
  });
  assert.ok(out.some((m) => m.kind.startsWith('dpa.')) && out.some((m) => m.kind.startsWith('portal.')), 'both kinds were sent');
  return out;
}

forEachDialect('one-time secrets in the outbox', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => app?.close());

  const fixture = async () => {
    const { deps } = ctx.db;
    const f = await buildDpaWorkspace(deps);
    await publishDpa(deps, f.scope);
    await requestDpaAcceptance(deps, f.scope, { customerId: f.customer.id });
    await inviteContacts(deps, f.scope, f.customer.id, {});
    return { ...f, deps, messages: await secretsInOutbox(deps, f.workspace.id) };
  };

  it('shows a viewer and an editor the console outbox messages with the DPA acceptance and portal links redacted, and an admin the links', async () => {
    const f = await fixture();
    const [viewer, editor, admin] = await Promise.all((['viewer', 'editor', 'admin'] as const).map((r) => signedInMember(f.deps, f.workspace.id, r)));
    for (const m of f.messages) {
      const url = `/admin/w/${f.workspace.slug}/outbox/${m.id}`;
      for (const below of [viewer, editor]) {
        const res = await app.inject({ url, headers: { cookie: below.cookie } });
        assert.equal(res.statusCode, 200);
        assert.ok(!res.body.includes(m.secret), `no ${m.kind} secret for a role below admin`);
        assert.match(res.body, /\[redacted\]/);
      }
      const shown = await app.inject({ url, headers: { cookie: admin.cookie } });
      assert.ok(shown.body.includes(m.secret), `the admin sees the ${m.kind} link`);
    }
  });

  it('returns a viewer and an editor the API message bodies and headers with no usable token, and an admin the links', async () => {
    const f = await fixture();
    const [viewer, editor, admin] = await Promise.all((['viewer', 'editor', 'admin'] as const).map((r) => apiTokenHeaders(f.deps, f.workspace.id, r)));
    for (const m of f.messages) {
      const url = `/api/w/${f.workspace.slug}/messages/${m.id}`;
      for (const below of [viewer, editor]) {
        const res = await app.inject({ url, headers: below });
        assert.equal(res.statusCode, 200);
        assert.ok(!res.body.includes(m.secret), `no ${m.kind} secret in the API for a role below admin`);
        const data = res.json().data;
        assert.match(data.text, /\[redacted\]/);
      }
      const shown = await app.inject({ url, headers: admin });
      assert.ok(shown.json().data.text.includes(m.secret), `the admin gets the ${m.kind} link`);
    }
  });

  it('logs request URLs with the secret of a one-time link blanked', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    const logged = await buildApp({ deps: ctx.db.deps, config: { publicUrl: TEST_PUBLIC_URL, secureCookies: false }, logger: createLogger('debug', sink) });
    await logged.ready();
    try {
      const secret = 'trp_ThisIsALongOneTimeSecretThatMustNotBeLogged0';
      for (const path of [`/w/acme/dpa/accept/${secret}`, `/portal/w/acme/link/${secret}`, `/admin/signin/link/${secret}`, `/w/acme/unsubscribe/${secret}`, `/w/acme/changes/respond/${secret}`, `/w/acme/subscribe/confirm/${secret}`]) {
        await logged.inject({ url: path });
      }
      const out = lines.join('');
      assert.match(out, /incoming request/, 'requests are logged at debug level');
      assert.ok(!out.includes(secret), 'no secret in the log');
      assert.match(out, /\/dpa\/accept\/\[redacted\]/);
    } finally {
      await logged.close();
    }
  });
});

it('redacts the secret of every kind of one-time link and leaves other links alone', () => {
  const base = 'https://t.example';
  const links = [
    `${base}/w/acme/unsubscribe/abcDEF123_-x`, `${base}/w/acme/subscribe/confirm/abcDEF123_-x`, `${base}/w/acme/dpa/accept/abcDEF123_-x`,
    `${base}/w/acme/changes/respond/abcDEF123_-x`, `${base}/portal/w/acme/link/trp_abcDEF123_-x`, `${base}/admin/signin/link/abcDEF123_-x`,
    `${base}/admin/invitations/abcDEF123_-x`,
  ];
  for (const l of links) {
    const text = `Open <a href="${l}">${l}</a> or <${l}>.`;
    assert.ok(!redactLinkSecrets(text).includes('abcDEF123_-x'), l);
  }
  assert.equal(redactLinkSecrets(`${base}/w/acme/subprocessors and ${base}/portal/w/acme/changes/c1`), `${base}/w/acme/subprocessors and ${base}/portal/w/acme/changes/c1`);
});
