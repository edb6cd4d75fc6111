/**
 * What every workspace console page shares: resolving the signed-in user and their role in the
 * workspace named in the URL, the page shell, form values and errors, flash notices, and the
 * delete confirmation page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../db/schema.ts';
import { roleAtLeast } from '../../modules/access/roles.ts';
import type { WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import type { Deps, Scope } from '../../shared/deps.ts';
import { type FieldIssue, isAppError } from '../../shared/errors.ts';
import { type Principal, requireUser, requireWorkspace } from '../middleware/auth.ts';
import { csrfField, type FormErrors } from '../views/forms.ts';
import { html, type SafeHtml } from '../views/html.ts';
import { layout } from '../views/layout.ts';

export interface Console {
  user: Extract<Principal, { kind: 'session' }>;
  workspace: WorkspaceView;
  role: Role;
  scope: Scope;
  /** `/admin/w/<slug>`: every console link starts here. */
  base: string;
  canEdit: boolean;
  isAdmin: boolean;
}

/** The signed-in user with at least `min` in the workspace of the URL's `:slug`. */
export async function openConsole(deps: Deps, req: FastifyRequest, min: Role): Promise<Console> {
  const user = requireUser(req);
  const access = await requireWorkspace(deps, req, (req.params as { slug: string }).slug, min);
  return {
    user, workspace: access.workspace, role: access.role, scope: access.scope, base: `/admin/w/${access.workspace.slug}`,
    canEdit: roleAtLeast(access.role, 'editor'), isAdmin: roleAtLeast(access.role, 'admin'),
  };
}

/** Sends a console page inside the layout with the workspace navigation. */
export function sendPage(reply: FastifyReply, c: Console, o: { title: string; section: string; body: SafeHtml; status?: number }) {
  const admin = { email: c.user.user.email, csrfToken: c.user.csrfToken, workspace: { slug: c.workspace.slug, name: c.workspace.name } };
  return reply.code(o.status ?? 200).type('text/html; charset=utf-8').send(layout({ title: `${o.title} · ${c.workspace.name}`, section: o.section, body: o.body, admin }).value);
}

export type FormValues = Record<string, string | string[]>;

/** The posted form without the CSRF field. */
export function formValues(req: FastifyRequest): FormValues {
  const { _csrf: _ignored, ...rest } = (req.body ?? {}) as Record<string, string | string[]>;
  return rest;
}

/** One value of a field (the first, when a field was sent twice). */
export const one = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '');

/** Every value of a multi-valued field (checkboxes), as strings. */
export const many = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' && v !== '' ? [v] : []);

export const param = (req: FastifyRequest, name: string): string => String((req.params as Record<string, unknown>)[name] ?? '');

export const query = (req: FastifyRequest): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) out[k] = one(v).trim().slice(0, 200);
  return out;
};

// Fields typed one entry per line; every other list field is split on commas and new lines too.
const LINE_LISTS = new Set(['dataCentres']);

function listItem(value: unknown, field: string, index: number): string | undefined {
  if (Array.isArray(value)) return typeof value[index] === 'string' ? value[index] : undefined;
  if (typeof value !== 'string') return undefined;
  const items = LINE_LISTS.has(field) ? value.split('\n').filter((s) => s.trim()) : value.split(/[,\n]/);
  return items[index]?.trim();
}

/**
 * A validation error's issues as one message per form field. `countries[1]` becomes a message on
 * `countries` that quotes what was typed there: `entry 2 ("XX") must be an ISO 3166-1 …`.
 */
export function fieldErrors(issues: FieldIssue[], values: FormValues): FormErrors {
  const out: FormErrors = {};
  for (const issue of issues) {
    const m = /^([^[.]+)\[(\d+)\](?:\.(\w+))?$/.exec(issue.field);
    const key = m ? m[1] : issue.field.replace(/[[.].*$/, '');
    let message = issue.message;
    if (m) {
      const typed = listItem(values[key], key, Number(m[2]));
      message = `${LINE_LISTS.has(key) ? 'line' : 'entry'} ${Number(m[2]) + 1}${typed ? ` ("${typed}")` : ''}${m[3] ? ` ${m[3]}` : ''} ${issue.message}`;
    }
    out[key] = out[key] ? `${out[key]}; ${message}` : message;
  }
  return out;
}

/**
 * Turns a use-case's rejection into errors next to the form fields: validation errors (400) and
 * conflicts whose message names a field, like `name: an entity with this name already exists`
 * (409). Anything else is rethrown for the error page.
 */
export function formFailure(e: unknown, values: FormValues, rename: Record<string, string> = {}): { status: number; errors: FormErrors } {
  if (!isAppError(e)) throw e;
  const renamed = (f: string) => rename[f] ?? f;
  if (e.code === 'validation_error') {
    const issues = ((e.data as { fields?: FieldIssue[] } | undefined)?.fields ?? []).map((i) => ({ ...i, field: renamed(i.field) }));
    return { status: 400, errors: fieldErrors(issues, values) };
  }
  const m = /^(\w+): (.+)$/.exec(e.message);
  if (e.status === 409 && m) return { status: 409, errors: { [renamed(m[1])]: m[2] } };
  throw e;
}

const FLASH: Record<string, string> = { created: 'created', saved: 'saved', deleted: 'deleted', imported: 'records imported' };

/** The notice after a redirect (`?created=1`, `?saved=1`, `?deleted=1`, `?imported=1`), announced politely. */
export function flash(q: Record<string, string>, noun: string): SafeHtml | null {
  const key = Object.keys(FLASH).find((k) => q[k] === '1');
  return key ? notice(`${noun} ${FLASH[key]}.`) : null;
}

export const notice = (text: string): SafeHtml => html`<p class="notice" role="status">${text}</p>`;

export const when = (iso: string | null): SafeHtml | string => (iso ? html`<time datetime="${iso}">${iso.slice(0, 16).replace('T', ' ')} UTC</time>` : '—');

export const orDash = (v: string | null | undefined | string[]): string => (Array.isArray(v) ? v.join(', ') : v) || '—';

/** The page asking to confirm a deletion; `error` is shown when the deletion was refused. */
export function confirmDeleteBody(c: Console, o: { what: string; name: string; action: string; back: string; error?: string; consequence?: string }): SafeHtml {
  return html`<h1>Delete ${o.what} “${o.name}”?</h1>
${o.error
    ? html`<div class="error-summary" role="alert"><p>${o.error}</p></div><p><a href="${o.back}">Back</a></p>`
    : html`<p>This cannot be undone. The audit log keeps a copy of what is deleted.</p>${o.consequence ? html`<p>${o.consequence}</p>` : null}
<form method="post" action="${o.action}">${csrfField(c.user.csrfToken)}
<button type="submit" class="danger">Delete ${o.what}</button> <a href="${o.back}">Cancel</a></form>`}`;
}
