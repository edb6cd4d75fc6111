/**
 * Accepting an invitation to a workspace (the link e-mailed by "Add a person"): the link opens a
 * page with a button, for the signed-in user it was sent to (someone not signed in is sent to sign
 * in first and comes back); the POST makes them a member. The URL holds the secret: no caching, no
 * referrer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { acceptInvitation, checkInvitation } from '../../modules/access/invitations.ts';
import type { AppOptions } from '../app.ts';
import { requireUser } from '../middleware/auth.ts';
import { csrfField } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { layout } from '../views/layout.ts';

export function registerInvitationRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const secret = (req: FastifyRequest) => String((req.params as { token?: string }).token ?? '');
  const send = (reply: FastifyReply, p: ReturnType<typeof requireUser>, body: SafeHtml) =>
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex')
      .type('text/html; charset=utf-8').send(layout({ title: 'Invitation', body, admin: { email: p.user.email, csrfToken: p.csrfToken } }).value);

  // Not signed in: the console's 401 handling sends a GET to the sign-in page, coming back here.
  app.get('/admin/invitations/:token', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
    const p = requireUser(req);
    const inv = await checkInvitation(deps, p.user.id, secret(req));
    return send(reply, p, html`<h1>Join ${inv.workspaceName}</h1>
<p>You are invited to the Trustroom workspace of ${inv.workspaceName} as <strong>${inv.role}</strong>. Press the button to accept; the invitation then stops working.</p>
<form method="post" action="/admin/invitations/${encodeURIComponent(secret(req))}">${csrfField(p.csrfToken)}<button type="submit">Accept the invitation</button></form>
<p><a href="/admin">Your workspaces</a></p>`);
  });

  app.post('/admin/invitations/:token', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (req, reply) => {
    const p = requireUser(req);
    const inv = await acceptInvitation(deps, p.user.id, secret(req));
    return reply.redirect(`/admin/w/${encodeURIComponent(inv.workspaceSlug)}`, 303);
  });
}
