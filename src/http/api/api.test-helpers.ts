/** Small helpers for the API tests: one JSON call through `app.inject`, and a workspace with a token. */
import type { FastifyInstance } from 'fastify';
import { apiTokenHeaders } from '../../../test/app.ts';
import { buildWorkspace } from '../../../test/factories.ts';
import type { Role } from '../../db/schema.ts';
import type { Deps } from '../../shared/deps.ts';

export interface ApiResponse {
  status: number;
  /** Parsed JSON (tests read arbitrary shapes), or null for an empty body. */
  body: any;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One API call; `payload` objects are sent as JSON. */
export async function call(app: FastifyInstance, method: Method, url: string, headers: Record<string, string> = {}, payload?: unknown): Promise<ApiResponse> {
  const res = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

/** A fresh workspace and an API token of `role` in it. */
export async function workspaceWithToken(deps: Deps, role: Exclude<Role, 'owner'> = 'editor') {
  const { workspace, scope } = await buildWorkspace(deps);
  return { workspace, scope, slug: workspace.slug, headers: await apiTokenHeaders(deps, workspace.id, role) };
}

/** The audit actions of a workspace, oldest first. */
export async function auditActions(deps: Deps, workspaceId: string): Promise<string[]> {
  const rows = await deps.db.selectFrom('audit_events').select('action').where('workspace_id', '=', workspaceId).orderBy('seq').execute();
  return rows.map((r) => r.action);
}
