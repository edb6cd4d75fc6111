import type { Db, Role } from '../../db/schema.ts';
import { type Deps, inTransaction, type Scope } from '../../shared/deps.ts';
import { notFound } from '../../shared/errors.ts';
import { newId, newSecret, sha256 } from '../../shared/ids.ts';
import { InputReader } from '../../shared/input.ts';
import { recordAuditEvent } from '../audit/record-audit-event.ts';
import { ROLES } from './roles.ts';

export interface ApiTokenView {
  id: string;
  name: string;
  hint: string;
  role: Role;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export const TOKEN_PREFIX = 'trt_';

/** Creates a workspace API token. The secret is returned here once and stored only as a hash. */
export async function createApiToken(deps: Deps, scope: Scope, raw: unknown): Promise<{ token: string; view: ApiTokenView }> {
  const r = new InputReader(raw);
  const name = r.text('name', { name: true, required: true, max: 100 }) as string;
  const role = r.choice('role', ROLES.filter((x) => x !== 'owner'), { fallback: 'viewer' }) as Role;
  r.done(null);
  const token = newSecret(TOKEN_PREFIX);
  return inTransaction(deps, async (tx) => {
    const view: ApiTokenView = { id: newId(), name, hint: token.slice(0, 10), role, createdAt: tx.clock.now().toISOString(), lastUsedAt: null, revokedAt: null };
    await tx.db.insertInto('api_tokens').values({
      id: view.id, workspace_id: scope.workspaceId, name, token_hash: sha256(token), hint: view.hint, role,
      created_by: scope.actor.id ?? scope.actor.label, created_at: view.createdAt, last_used_at: null, revoked_at: null,
    }).execute();
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'api_token.created', subjectType: 'api_token', subjectId: view.id, after: view });
    return { token, view };
  });
}

export async function listApiTokens(db: Db, workspaceId: string): Promise<ApiTokenView[]> {
  const rows = await db.selectFrom('api_tokens').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at', 'desc').execute();
  return rows.map((t) => ({ id: t.id, name: t.name, hint: t.hint, role: t.role, createdAt: t.created_at, lastUsedAt: t.last_used_at, revokedAt: t.revoked_at }));
}

export async function revokeApiToken(deps: Deps, scope: Scope, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const res = await tx.db.updateTable('api_tokens').set({ revoked_at: tx.clock.now().toISOString() })
      .where('id', '=', id).where('workspace_id', '=', scope.workspaceId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw notFound('active API token');
    await recordAuditEvent(tx, { workspaceId: scope.workspaceId, actor: scope.actor, action: 'api_token.revoked', subjectType: 'api_token', subjectId: id });
  });
}

/** The workspace and role a bearer token grants, or undefined when unknown or revoked. */
export async function findApiToken(deps: Deps, token: string): Promise<{ id: string; workspaceId: string; role: Role; name: string } | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const row = await deps.db.selectFrom('api_tokens').select(['id', 'workspace_id', 'role', 'name', 'last_used_at'])
    .where('token_hash', '=', sha256(token)).where('revoked_at', 'is', null).executeTakeFirst();
  if (!row) return undefined;
  const now = deps.clock.now();
  // Record use at most once a minute: a busy integration should not write on every call.
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
    await deps.db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  return { id: row.id, workspaceId: row.workspace_id, role: row.role, name: row.name };
}
