import type { Role } from '../../db/schema.ts';

export const ROLES: readonly Role[] = ['viewer', 'editor', 'admin', 'owner'];

/**
 * What each role may do. viewer: read everything in the workspace. editor: change the registry
 * and publish. admin: also members, API tokens, workspace settings. owner: also owners.
 */
export const roleAtLeast = (role: Role, min: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(min);

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);
