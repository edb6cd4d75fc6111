import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildEngagement, buildService, buildWorkspace } from '../../../test/factories.ts';
import { publishListVersion } from '../publishing/publish-list-version.ts';
import { setupChecklist } from './setup-checklist.ts';

forEachDialect('workspace setup checklist', (ctx) => {
  it('shows every item open for a fresh workspace and turns items done as the data appears', async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const fresh = await setupChecklist(deps.db, workspace.id);
    assert.equal(fresh.complete, false);
    assert.deepEqual(fresh.items.filter((i) => i.done), []);

    await buildService(deps, scope);
    await buildEngagement(deps, scope);
    await publishListVersion(deps, scope);
    const later = await setupChecklist(deps.db, workspace.id);
    assert.deepEqual(later.items.filter((i) => i.done).map((i) => i.key), ['service', 'engagement', 'published']);
    assert.equal(later.complete, false);
  });
});
