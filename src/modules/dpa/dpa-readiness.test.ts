import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildCustomer, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { AppError } from '../../shared/errors.ts';
import { SYSTEM_ACTOR } from '../../shared/deps.ts';
import { updateProcessorParticulars } from '../workspaces/workspaces.ts';
import { missingDpaParticulars } from './dpa-readiness.ts';
import { createDpaDraft, publishDpaVersion } from './manage-dpa-versions.ts';
import { requestDpaAcceptance } from './request-dpa-acceptance.ts';
import { buildDpaWorkspace, insertMeasure, makeDpaPublishable } from './dpa.test-helpers.ts';

const EMPTY = { legalName: null, address: null, country: null, contactName: null, contactEmail: null, dpoContact: null, representative: null, signatoryName: null, signatoryTitle: null };

it('names each missing piece: the particulars Annex I needs, Annex II activities and Annex III measures', () => {
  assert.deepEqual(missingDpaParticulars({ processor: EMPTY, activities: 0, measures: 0 }), [
    "Annex I: the processor's legal name", "Annex I: the processor's address", "Annex I: the processor's contact person",
    "Annex I: the processor's contact e-mail address", "Annex I: the name of the processor's signatory", "Annex I: the title of the processor's signatory",
    'Annex II: no processing activity is recorded', 'Annex III: no technical and organisational measure is recorded',
  ]);
  const full = { ...EMPTY, legalName: 'A SAS', address: '1 rue A', contactName: 'Jo', contactEmail: 'jo@a.test', signatoryName: 'Jo', signatoryTitle: 'CEO' };
  assert.deepEqual(missingDpaParticulars({ processor: full, activities: 1, measures: 2 }), []);
  assert.deepEqual(missingDpaParticulars({ processor: { ...full, address: '  ' }, activities: 0, measures: 1, customerName: 'Acme' }), [
    "Annex I: the processor's address", 'Annex II: no processing activity applies to the services Acme uses',
  ]);
});

forEachDialect('DPA readiness', (ctx) => {
  it('refuses to publish while the particulars, the activities or the measures are empty, naming each, and changes nothing', async () => {
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const draft = await createDpaDraft(deps, scope, {});
    const auditsBefore = (await deps.db.selectFrom('audit_events').select('seq').where('workspace_id', '=', workspace.id).execute()).length;
    await assert.rejects(publishDpaVersion(deps, scope, draft.id), (e: unknown) => {
      const err = e as AppError;
      assert.deepEqual([err.code, err.status], ['dpa_particulars_missing', 409]);
      assert.equal(err.message, "this DPA version cannot be published while these are empty: Annex I: the processor's legal name; Annex I: the processor's address; Annex I: the processor's contact person; Annex I: the processor's contact e-mail address; Annex I: the name of the processor's signatory; Annex I: the title of the processor's signatory; Annex II: no processing activity is recorded; Annex III: no technical and organisational measure is recorded. Fill in your organisation's particulars in Settings, and the processing activities and measures.");
      assert.equal((err.data as { missing: string[] }).missing.length, 8);
      return true;
    });
    const row = await deps.db.selectFrom('dpa_versions').select(['status', 'published_at', 'body_sha256']).where('id', '=', draft.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'draft', published_at: null, body_sha256: null });
    assert.equal((await deps.db.selectFrom('audit_events').select('seq').where('workspace_id', '=', workspace.id).execute()).length, auditsBefore, 'no audit event');

    // Particulars without a signatory, and the measures: still refused, naming what is left.
    await updateProcessorParticulars(deps, SYSTEM_ACTOR, workspace.id, { legalName: 'A SAS', address: '1 rue A', contactName: 'Jo', contactEmail: 'jo@a.test' });
    await insertMeasure(deps, scope, { category: 'transmission_control', title: 'TLS', description: 'TLS 1.2+' });
    await assert.rejects(publishDpaVersion(deps, scope, draft.id), (e: unknown) => {
      assert.deepEqual((e as AppError & { data: { missing: string[] } }).data.missing, [
        "Annex I: the name of the processor's signatory", "Annex I: the title of the processor's signatory", 'Annex II: no processing activity is recorded',
      ]);
      return true;
    });
    await makeDpaPublishable(deps, scope);
    assert.equal((await publishDpaVersion(deps, scope, draft.id)).version.status, 'published');
  });

  it('refuses acceptance requests while pieces are missing, including an activity for the services the customer uses', async () => {
    const { deps } = ctx.db;
    const { workspace, scope, customer } = await buildDpaWorkspace(deps);
    await publishDpaVersion(deps, scope, (await createDpaDraft(deps, scope, {})).id);
    // A customer of Commerce only: the workspace's activities are Connect's and Commerce's; remove Commerce's.
    const commerceOnly = await buildCustomer(deps, scope, { name: 'Shop SA', services: ['commerce'], contacts: [{ email: 'dpo@shop.test' }] });
    await deps.db.deleteFrom('processing_activities').where('workspace_id', '=', workspace.id).where('name', '=', 'Order handling').execute();
    await assert.rejects(requestDpaAcceptance(deps, scope, { customerId: commerceOnly.id }), (e: unknown) => {
      assert.equal((e as AppError).code, 'dpa_particulars_missing');
      assert.match((e as AppError).message, /^the acceptance request cannot be sent while these are empty: Annex II: no processing activity applies to the services Shop SA uses\./);
      return true;
    });
    await updateProcessorParticulars(deps, SYSTEM_ACTOR, workspace.id, { legalName: 'Example Cloud SAS' });
    await assert.rejects(requestDpaAcceptance(deps, scope, { customerId: customer.id }), /Annex I: the processor's address; .*signatory/);
    assert.equal((await deps.db.selectFrom('dpa_acceptance_requests').select('id').where('workspace_id', '=', workspace.id).execute()).length, 0, 'no link created');
    assert.equal((await deps.db.selectFrom('messages').select('id').where('workspace_id', '=', workspace.id).where('kind', 'like', 'dpa.%').execute()).length, 0, 'no e-mail queued');
  });
});
