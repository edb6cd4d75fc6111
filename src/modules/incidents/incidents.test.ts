import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildCustomer, buildEngagement, buildEntity, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import type { Clock } from '../../shared/clock.ts';
import { isAppError } from '../../shared/errors.ts';
import { updateCustomer } from '../customers/manage-customers.ts';
import { publishListVersion } from '../publishing/publish-list-version.ts';
import { deleteEngagement } from '../registry/manage-engagements.ts';
import { classifyIncident, decideObligation, setBreachNoticeHours, setIncidentScope } from './incident-decisions.ts';
import { listIncidentEvents, listObligations } from './incidents.queries.ts';
import { addIncidentNote, recordIncident, updateIncident } from './manage-incidents.ts';

let current = new Date('2026-03-02T09:00:00Z');
const clock: Clock = { now: () => new Date(current) };

const facts = (over: Record<string, unknown> = {}) => ({
  title: 'Object storage bucket readable', description: 'A backup bucket was publicly readable.',
  startedAt: '2026-03-10T08:00:00Z', awareAt: '2026-03-10T21:45:00+01:00', dataCategories: ['user.contact.email'], ...over,
});

forEachDialect('incidents', (ctx) => {
  it('owes the authority a notice 72 real hours after awareness when the workspace controls the data, and none once it is judged not a breach', async () => {
    current = new Date('2026-03-10T21:00:00Z');
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const incident = await recordIncident(deps, scope, facts({ controllerData: true }));
    assert.equal(incident.aware_at, '2026-03-10T20:45:00.000Z', 'stored in UTC');
    let obligations = await listObligations(deps.db, workspace.id, incident.id);
    assert.deepEqual(obligations.map((o) => [o.regime, o.recipient, o.due_at, o.decision, o.state]), [
      ['gdpr-art33-1', 'authority', '2026-03-13T20:45:00.000Z', 'applies', 'open'],
      ['gdpr-art34', 'data_subjects', null, 'undecided', 'open'],
    ]);

    await classifyIncident(deps, scope, incident.id, { isBreach: false, reason: 'The bucket held only test fixtures.' });
    obligations = await listObligations(deps.db, workspace.id, incident.id);
    assert.deepEqual(obligations.map((o) => o.state), ['void', 'void'], 'not a breach: nothing is owed, the register keeps it');
    await classifyIncident(deps, scope, incident.id, { isBreach: true, reason: 'Real customer e-mail addresses were in it.', highRisk: false });
    obligations = await listObligations(deps.db, workspace.id, incident.id);
    assert.deepEqual(obligations.map((o) => o.state), ['open', 'open']);

    const art34 = obligations.find((o) => o.regime === 'gdpr-art34')!;
    await decideObligation(deps, scope, art34.id, { decision: 'does_not_apply', reason: 'No high risk: addresses only.' });
    // A later awareness moves the open clock.
    await updateIncident(deps, scope, incident.id, { awareAt: '2026-03-11T07:00:00Z' });
    obligations = await listObligations(deps.db, workspace.id, incident.id);
    assert.deepEqual(obligations.map((o) => [o.regime, o.due_at, o.state, o.decision_reason]), [
      ['gdpr-art33-1', '2026-03-14T07:00:00.000Z', 'open', null],
      ['gdpr-art34', null, 'not_required', 'No high risk: addresses only.'],
    ]);

    await addIncidentNote(deps, scope, incident.id, { note: 'Bucket policy fixed.' });
    const events = await listIncidentEvents(deps.db, workspace.id, incident.id);
    assert.deepEqual(events.map((e) => e.seq), events.map((_, i) => i + 1));
    assert.deepEqual(events.map((e) => e.kind).slice(0, 3), ['recorded', 'obligations_computed', 'classified']);
    const audit = await deps.db.selectFrom('audit_events').select(['action', 'after_json']).where('workspace_id', '=', workspace.id).where('action', 'like', 'incident.%').execute();
    assert.ok(audit.some((a) => a.action === 'incident.obligation_decided'));
    assert.ok(!JSON.stringify(audit).includes('publicly readable'), 'the register’s texts stay out of the audit chain');
  });

  it('refuses bad facts with the field named', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await assert.rejects(recordIncident(deps, scope, facts({ awareAt: 'yesterday', approxSubjects: 'many', title: '' })), (e) => {
      assert.ok(isAppError(e) && e.status === 400);
      assert.deepEqual((e.data as { fields: Array<{ field: string }> }).fields.map((f) => f.field).sort(), ['approxSubjects', 'awareAt', 'title']);
      return true;
    });
    await assert.rejects(recordIncident(deps, scope, facts({ startedAt: '2026-03-11T00:00:00Z', awareAt: '2026-03-10T00:00:00Z' })), /awareAt: must not be before startedAt/);
    const recorded = await recordIncident(deps, scope, facts());
    await assert.rejects(updateIncident(deps, scope, recorded.id, { title: '' }), /title: is required/);
    await assert.rejects(updateIncident(deps, scope, recorded.id, { awareAt: '2026-03-09T00:00:00Z' }), /awareAt: must not be before startedAt/);
  });

  it('judges each customer by its sub-processors at the incident’s start, with its contract’s hours when it has them', async () => {
    current = new Date('2026-03-02T09:00:00Z');
    const { deps } = ctx.db;
    const { workspace, scope } = await buildWorkspace(deps);
    const storage = await buildEntity(deps, scope, { name: 'Bucket Storage SAS', country: 'FR' });
    const mailer = await buildEntity(deps, scope, { name: 'Mailer GmbH', country: 'DE' });
    const onStorage = await buildEngagement(deps, scope, { entityId: storage.id, purpose: 'Backups' });
    await buildEngagement(deps, scope, { entityId: mailer.id, purpose: 'E-mail' });
    const contractual = await buildCustomer(deps, scope, { name: 'Contract SA' });
    const plain = await buildCustomer(deps, scope, { name: 'Plain SARL' });
    await setBreachNoticeHours(deps, scope, contractual.id, { breachNoticeHours: '24' });
    await publishListVersion(deps, scope, {});
    // On 20 March the storage provider leaves the list: later incidents do not reach it through it.
    current = new Date('2026-03-20T09:00:00Z');
    await deleteEngagement(deps, scope, onStorage.id);
    await publishListVersion(deps, scope, {});
    current = new Date('2026-03-25T09:00:00Z');

    const before = await recordIncident(deps, scope, facts({ startedAt: '2026-03-15T10:00:00Z', awareAt: '2026-03-24T22:00:00Z' }));
    await setIncidentScope(deps, scope, before.id, { entities: [storage.id] });
    const obligations = await listObligations(deps.db, workspace.id, before.id);
    assert.deepEqual(obligations.map((o) => [o.customer_name, o.due_at, o.due_basis]), [
      ['Contract SA', '2026-03-25T22:00:00.000Z', '24 hours from awareness (contract; GDPR Art 33(2))'],
      ['Plain SARL', null, 'without undue delay after becoming aware (GDPR Art 33(2))'],
    ], 'the storage provider was in effect for both when the incident started, although it is gone now');

    // The contract's hours set in the customer's terms: its open clock follows.
    await updateCustomer(deps, scope, plain.id, { name: 'Plain SARL', country: 'FR', breachNoticeHours: '48', contacts: [{ email: 'dpo@plain.example' }] });
    assert.equal((await listObligations(deps.db, workspace.id, before.id)).find((o) => o.customer_id === plain.id)?.due_at, '2026-03-26T22:00:00.000Z');
    await assert.rejects(updateCustomer(deps, scope, plain.id, { name: 'Plain SARL', breachNoticeHours: '0' }), /breachNoticeHours: must be a whole number of hours from 1 to 9999/);

    const after = await recordIncident(deps, scope, facts({ startedAt: '2026-03-22T10:00:00Z', awareAt: '2026-03-24T22:00:00Z' }));
    await setIncidentScope(deps, scope, after.id, { entities: [storage.id] });
    assert.deepEqual(await listObligations(deps.db, workspace.id, after.id), [], 'started after it left: no customer’s data went through it');

    await setIncidentScope(deps, scope, after.id, { entities: [mailer.id] });
    assert.equal((await listObligations(deps.db, workspace.id, after.id)).length, 2);
    await setIncidentScope(deps, scope, after.id, { entities: [] });
    assert.deepEqual((await listObligations(deps.db, workspace.id, after.id)).map((o) => o.state), ['void', 'void'], 'out of scope and never filed');
    await assert.rejects(setIncidentScope(deps, scope, after.id, { engagements: ['nope'] }), /engagements\[0\]: no engagement of this workspace has this id/);
  });
}, { clock });
