import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Role } from '../../db/schema.ts';
import { findWorkspace, listWorkspaces, updateProcessorParticulars, updateWorkspace, type WorkspaceView } from '../../modules/workspaces/workspaces.ts';
import type { Deps } from '../../shared/deps.ts';
import { unauthorized } from '../../shared/errors.ts';
import type { AppOptions } from '../app.ts';
import { requireWorkspace } from '../middleware/auth.ts';
import { Branding, BrandingPatchBody, Particulars, ParticularsBody, Workspace, WorkspacePatchBody } from './access.schemas.ts';
import { type WorkspaceBranding, updateWorkspaceBranding } from '../../modules/workspaces/workspace-branding.ts';
import { data, doc, ERRORS, SlugParams } from './schemas.ts';

const presentBranding = (b: WorkspaceBranding) => ({ brandColour: b.brandColour, logo: b.logoDataUri, mailFromName: b.mailFromName, mailFromAddress: b.mailFromAddress });

const presentWorkspace = (w: WorkspaceView, role: Role) => ({ id: w.id, slug: w.slug, name: w.name, groupBy: w.groupBy, role, noticePeriod: w.noticePeriod, noticeDays: w.noticeDays, calendar: w.calendar, timeZone: w.timeZone });

/** A token reaches its one workspace; a signed-in user reaches the workspaces they are a member of. */
async function accessibleWorkspaces(deps: Deps, req: FastifyRequest) {
  const p = req.principal;
  if (!p) throw unauthorized();
  if (p.kind === 'customer') return [];
  if (p.kind === 'token') {
    const w = await findWorkspace(deps.db, p.workspaceId);
    return w ? [presentWorkspace(w, p.role)] : [];
  }
  return (await listWorkspaces(deps.db)).flatMap((w) => {
    const role = p.memberships.get(w.id);
    return role ? [presentWorkspace(w, role)] : [];
  });
}

/** The caller's workspaces and each workspace's settings. */
export function registerWorkspaceRoutes(app: FastifyInstance, { deps }: AppOptions) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get('/api/workspaces', {
    schema: { ...doc('Workspaces', 'List the workspaces you can reach', null, 'With your role in each. An API token reaches exactly one.'), response: { 200: data(Type.Array(Workspace)), ...ERRORS } },
  }, async (req) => ({ data: await accessibleWorkspaces(deps, req) }));

  r.get('/api/w/:slug', {
    schema: { ...doc('Workspaces', 'Get workspace settings', 'viewer'), params: SlugParams, response: { 200: data(Workspace), ...ERRORS } },
  }, async (req) => {
    const { workspace, role } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: presentWorkspace(workspace, role) };
  });

  r.patch('/api/w/:slug', {
    schema: { ...doc('Workspaces', 'Change workspace settings', 'admin'), params: SlugParams, body: WorkspacePatchBody, response: { 200: data(Workspace), ...ERRORS } },
  }, async (req) => {
    const { workspace: w, role, scope } = await requireWorkspace(deps, req, req.params.slug, 'admin');
    const updated = await updateWorkspace(deps, scope.actor, w.id, { slug: w.slug, name: w.name, groupBy: w.groupBy, exampleSource: w.exampleSource, ...req.body });
    return { data: presentWorkspace(updated, role) };
  });

  r.get('/api/w/:slug/particulars', {
    schema: { ...doc('Workspaces', "Get the organisation's particulars as a party to its DPAs", 'viewer', 'Annex I.A of every customer\'s DPA and the records of processing.'), params: SlugParams, response: { 200: data(Particulars), ...ERRORS } },
  }, async (req) => {
    const { workspace } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: workspace.processor };
  });

  r.put('/api/w/:slug/particulars', {
    schema: { ...doc('Workspaces', "Replace the organisation's particulars", 'admin', 'Every field; an absent or empty field is cleared.'), params: SlugParams, body: ParticularsBody, response: { 200: data(Particulars), ...ERRORS } },
  }, async (req) => {
    const { workspace, scope } = await requireWorkspace(deps, req, req.params.slug, 'admin');
    return { data: (await updateProcessorParticulars(deps, scope.actor, workspace.id, req.body)).processor };
  });

  r.get('/api/w/:slug/branding', {
    schema: { ...doc('Workspaces', 'Get the branding and the sender of notices', 'viewer'), params: SlugParams, response: { 200: data(Branding), ...ERRORS } },
  }, async (req) => {
    const { workspace } = await requireWorkspace(deps, req, req.params.slug, 'viewer');
    return { data: presentBranding(workspace.branding) };
  });

  r.patch('/api/w/:slug/branding', {
    schema: { ...doc('Workspaces', 'Change the branding and the sender of notices', 'admin', 'Colour (checked for contrast), logo (PNG or SVG data: URI, at most 100 KB), From name and address of notices.'), params: SlugParams, body: BrandingPatchBody, response: { 200: data(Branding), ...ERRORS } },
  }, async (req) => {
    const { workspace, scope } = await requireWorkspace(deps, req, req.params.slug, 'admin');
    return { data: presentBranding(await updateWorkspaceBranding(deps, scope.actor, workspace.id, req.body)) };
  });
}
