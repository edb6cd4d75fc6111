import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../../../test/app.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { buildCustomer, buildWorkspace } from '../../../test/factories.ts';
import { registerLegalDemand } from '../../modules/legal-demands/manage-legal-demands.ts';
import type { Clock } from '../../shared/clock.ts';

let current = new Date('2025-10-01T10:00:00Z');
const clock: Clock = { now: () => new Date(current) };

forEachDialect('public transparency report', (ctx) => {
  let app: FastifyInstance;
  before(async () => {
    app = await buildTestApp(ctx.db.deps);
  });
  after(async () => {
    await app?.close();
  });

  it('shows counts per ended half-year as a page and JSON without any customer, authority name or single demand', async () => {
    const { deps } = ctx.db;
    current = new Date('2025-10-01T10:00:00Z');
    const { workspace, scope } = await buildWorkspace(deps, { name: 'Scalingo' });
    const customer = await buildCustomer(deps, scope, { name: 'Hidden Customer SA' });
    current = new Date('2026-08-01T10:00:00Z');
    for (const receivedAt of ['2026-01-05', '2026-02-05', '2026-03-05']) {
      await registerLegalDemand(deps, scope, { authorityName: 'Police nationale', authorityType: 'law_enforcement', country: 'FR', legalBasis: 'CPP', scope: 'Logs', receivedAt, customerIds: [customer.id] });
    }
    await registerLegalDemand(deps, scope, { authorityName: 'NSA', authorityType: 'intelligence', country: 'US', legalBasis: 'FISA 702', scope: 'Everything', receivedAt: '2026-04-05', customerIds: [customer.id], prohibited: true });
    const page = await app.inject({ url: `/w/${workspace.slug}/transparency` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /January to June 2026/);
    assert.match(page.body, /Demands received from 2026-01-01 to 2026-06-30: <strong>4<\/strong>/);
    assert.match(page.body, /<th scope="row">Law enforcement<\/th><td>3<\/td>/);
    assert.match(page.body, /<th scope="row">Other \(each fewer than 3\)<\/th><td>fewer than 3<\/td>/);
    assert.doesNotMatch(page.body, /<script/);
    const json = await app.inject({ url: `/w/${workspace.slug}/transparency.json` });
    assert.equal(json.statusCode, 200);
    assert.deepEqual(json.json().periods.map((p: { period: string }) => p.period), ['2026-H1', '2025-H2']);
    for (const body of [page.body, json.body]) assert.doesNotMatch(body, /Hidden Customer|NSA|Police nationale|FISA|Intelligence|United States/);
    assert.equal((await app.inject({ url: '/w/no-such-workspace/transparency' })).statusCode, 404);
    // The public list links to it.
    const list = await app.inject({ url: `/w/${workspace.slug}/subprocessors` });
    assert.match(list.body, new RegExp(`href="/w/${workspace.slug}/transparency"`));
  });
}, { clock });
