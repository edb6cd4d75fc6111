import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { SYSTEM_ACTOR } from '../../shared/deps.ts';
import { AppError } from '../../shared/errors.ts';
import { createWorkspace } from './workspaces.ts';

forEachDialect('workspace slugs derived from names', (ctx) => {
  it('derives the slug from the name when none is given, adding -2 when it is taken', async () => {
    const a = await createWorkspace(ctx.db.deps, SYSTEM_ACTOR, { name: 'Société Générale' }, null);
    const b = await createWorkspace(ctx.db.deps, SYSTEM_ACTOR, { slug: '', name: 'Societe Generale' }, null);
    assert.deepEqual([a.slug, b.slug], ['societe-generale', 'societe-generale-2']);
  });

  it('keeps explicit slugs and refuses invalid ones naming the slug field', async () => {
    assert.equal((await createWorkspace(ctx.db.deps, SYSTEM_ACTOR, { slug: 'acme', name: 'Something else' }, null)).slug, 'acme');
    await assert.rejects(createWorkspace(ctx.db.deps, SYSTEM_ACTOR, { slug: 'Not valid', name: 'X' }, null), (e: unknown) => e instanceof AppError && /slug/.test(e.message));
  });
});
