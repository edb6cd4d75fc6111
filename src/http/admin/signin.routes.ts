import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { checkSigninLink, endSession, signInWithPassword, useSigninLink, SESSION_TTL_MS } from '../../modules/access/sessions.ts';
import { setPassword } from '../../modules/access/users.ts';
import { createWorkspace, listWorkspaces } from '../../modules/workspaces/workspaces.ts';
import { AppError, isAppError } from '../../shared/errors.ts';
import { newSecret } from '../../shared/ids.ts';
import type { AppOptions } from '../app.ts';
import { refuseCrossSite } from '../pages/respond.routes.ts';
import { requireUser, SESSION_COOKIE } from '../middleware/auth.ts';
import { csrfField, errorsByField, errorSummary, type FormErrors, selectField, textField } from '../views/forms.ts';
import { html } from '../views/html.ts';
import { layout } from '../views/layout.ts';

const PRE_CSRF_COOKIE = 'trustroom_presession';

/** Only same-site relative paths are followed after sign-in. */
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/admin');

export function registerSigninRoutes(app: FastifyInstance, { deps, config }: AppOptions) {
  const cookieOpts = { httpOnly: true, sameSite: 'lax' as const, secure: config.secureCookies, path: '/' };
  const setSession = (reply: FastifyReply, token: string) => reply.setCookie(SESSION_COOKIE, token, { ...cookieOpts, maxAge: SESSION_TTL_MS / 1000 });

  const signinPage = (reply: FastifyReply, o: { next: string; email?: string; error?: string; status?: number }) => {
    const pre = newSecret();
    reply.setCookie(PRE_CSRF_COOKIE, pre, { ...cookieOpts, maxAge: 3600 });
    const body = html`<h1>Sign in</h1>
${o.error ? html`<div class="error-summary" role="alert"><p>${o.error}</p></div>` : null}
<form method="post" action="/admin/signin">
<input type="hidden" name="_pre" value="${pre}"><input type="hidden" name="next" value="${o.next}">
${textField({ name: 'email', label: 'E-mail', type: 'email', value: o.email, required: true, autocomplete: 'username' })}
${textField({ name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password' })}
<button type="submit">Sign in</button>
</form>
<p class="hint">First start? Use the one-time sign-in link Trustroom printed on its console, then set a password.</p>`;
    return reply.code(o.status ?? 200).type('text/html; charset=utf-8').send(layout({ title: 'Sign in', body }).value);
  };

  app.get('/admin/signin', async (req, reply) => signinPage(reply, { next: safeNext((req.query as Record<string, unknown>).next) }));

  app.post('/admin/signin', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (req, reply) => {
    const b = (req.body ?? {}) as Record<string, string>;
    const next = safeNext(b.next);
    if (!b._pre || b._pre !== req.cookies[PRE_CSRF_COOKIE]) return signinPage(reply, { next, email: b.email, error: 'The form expired; please try again.', status: 403 });
    try {
      const token = await signInWithPassword(deps, b.email ?? '', b.password ?? '');
      setSession(reply, token).clearCookie(PRE_CSRF_COOKIE, { path: '/' });
      return reply.redirect(next, 303);
    } catch (e) {
      if (isAppError(e) && e.code === 'invalid_credentials') return signinPage(reply, { next, email: b.email, error: 'E-mail or password is wrong.', status: 401 });
      if (isAppError(e) && e.code === 'signin_blocked') {
        const { retryAfterSeconds } = e.data as { retryAfterSeconds: number };
        reply.header('retry-after', String(retryAfterSeconds));
        return signinPage(reply, { next, email: b.email, error: `Too many wrong passwords for this account. Try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s).`, status: 429 });
      }
      throw e;
    }
  });

  // Opening the link changes nothing (mail scanners fetch links); its page's button signs in.
  const LINK_LIMIT = { rateLimit: { max: 20, timeWindow: '1 minute' } };
  const linkSecret = (req: FastifyRequest) => String((req.params as { secret?: string }).secret ?? '');
  app.get('/admin/signin/link/:secret', { config: LINK_LIMIT }, async (req, reply) => {
    await checkSigninLink(deps, linkSecret(req));
    // Signed in already: the console's CSRF check applies to the POST, so the form carries the token.
    const csrf = req.principal?.kind === 'session' ? csrfField(req.principal.csrfToken) : null;
    const body = html`<h1>Sign in to Trustroom</h1>
<p>Press the button to sign in with this one-time link; the link then stops working.</p>
<form method="post" action="/admin/signin/link/${encodeURIComponent(linkSecret(req))}">${csrf}<button type="submit">Sign in</button></form>`;
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('x-robots-tag', 'noindex')
      .type('text/html; charset=utf-8').send(layout({ title: 'Sign in', body }).value);
  });

  app.post('/admin/signin/link/:secret', { config: LINK_LIMIT }, async (req, reply) => {
    refuseCrossSite(req, config.publicUrl);
    const token = await useSigninLink(deps, linkSecret(req));
    setSession(reply, token);
    return reply.redirect('/admin/account?welcome=1', 303);
  });

  app.post('/admin/signout', async (req, reply) => {
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie) await endSession(deps.db, cookie);
    return reply.clearCookie(SESSION_COOKIE, { path: '/' }).redirect('/admin/signin', 303);
  });

  const accountPage = (reply: FastifyReply, p: ReturnType<typeof requireUser>, o: { errors?: FormErrors; done?: boolean; welcome?: boolean; status?: number }) => {
    const body = html`<h1>Your account</h1>
<p>Signed in as <strong>${p.user.email}</strong>.</p>
${o.welcome && !p.user.hasPassword ? html`<p class="notice">Welcome. Set a password now: the sign-in link you used works only once.</p>` : null}
${o.done ? html`<p class="notice" role="status">Password saved.</p>` : null}
${errorSummary(o.errors ?? {})}
<form method="post" action="/admin/account/password">${csrfField(p.csrfToken)}
${textField({ name: 'password', label: 'New password', type: 'password', required: true, autocomplete: 'new-password', hint: 'At least 12 characters.', error: o.errors?.password })}
<button type="submit">Save password</button></form>
<p><a href="/admin">Your workspaces</a></p>`;
    return reply.code(o.status ?? 200).type('text/html; charset=utf-8').send(layout({ title: 'Account', body, admin: { email: p.user.email, csrfToken: p.csrfToken } }).value);
  };

  app.get('/admin/account', async (req, reply) => {
    const p = requireUser(req);
    const q = req.query as Record<string, string>;
    return accountPage(reply, p, { welcome: q.welcome === '1', done: q.saved === '1' });
  });

  app.post('/admin/account/password', async (req, reply) => {
    const p = requireUser(req);
    try {
      await setPassword(deps, p.actor, p.user.id, (req.body as Record<string, unknown>).password, { keepSession: req.cookies[SESSION_COOKIE] });
    } catch (e) {
      if (isAppError(e) && e.code === 'validation_error') return accountPage(reply, p, { errors: errorsByField((e.data as { fields: [] }).fields), status: 400 });
      throw e;
    }
    return reply.redirect('/admin/account?saved=1', 303);
  });

  const homePage = async (reply: FastifyReply, p: ReturnType<typeof requireUser>, o: { errors?: FormErrors; values?: Record<string, string>; status?: number } = {}) => {
    const all = await listWorkspaces(deps.db);
    const mine = all.filter((w) => p.memberships.has(w.id));
    const body = html`<h1>Your workspaces</h1>
${mine.length === 0 ? html`<p>You are not a member of any workspace yet.</p>` : html`<ul>${mine.map((w) => html`<li><a href="/admin/w/${w.slug}">${w.name}</a> <span class="muted">(${p.memberships.get(w.id)})</span>${w.exampleSource ? html` — <em>example</em>` : null}</li>`)}</ul>`}
${p.user.isInstanceAdmin
      ? html`<h2>New workspace</h2>${errorSummary(o.errors ?? {})}
<form method="post" action="/admin/workspaces">${csrfField(p.csrfToken)}
${textField({ name: 'name', label: 'Organisation name', required: true, value: o.values?.name, error: o.errors?.name })}
${textField({ name: 'slug', label: 'Slug', value: o.values?.slug, error: o.errors?.slug, hint: 'Leave empty to derive it from the name. Used in public addresses: /w/<slug>/subprocessors' })}
${selectField({ name: 'groupBy', label: 'Group the public list by', options: [['kind', 'Kind (affiliates, infrastructure, third parties)'], ['service', 'Service or platform']], value: o.values?.groupBy })}
<button type="submit">Create workspace</button></form>`
      : null}`;
    return reply.code(o.status ?? 200).type('text/html; charset=utf-8').send(layout({ title: 'Workspaces', body, admin: { email: p.user.email, csrfToken: p.csrfToken } }).value);
  };

  app.get('/admin', async (req, reply) => homePage(reply, requireUser(req)));

  app.post('/admin/workspaces', async (req, reply) => {
    const p = requireUser(req);
    if (!p.user.isInstanceAdmin) throw new AppError('forbidden', 403, 'only instance administrators create workspaces');
    const values = req.body as Record<string, string>;
    try {
      const ws = await createWorkspace(deps, p.actor, values, p.user.id);
      return reply.redirect(`/admin/w/${ws.slug}`, 303);
    } catch (e) {
      if (isAppError(e) && (e.code === 'validation_error' || e.code === 'workspace_exists')) {
        const errors = e.code === 'workspace_exists' ? { slug: 'a workspace with this slug already exists' } : errorsByField((e.data as { fields: [] }).fields);
        return homePage(reply, p, { errors, values, status: e.status });
      }
      throw e;
    }
  });
}
