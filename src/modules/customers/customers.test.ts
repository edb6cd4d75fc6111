import assert from 'node:assert/strict';
import { it } from 'node:test';
import { buildCustomer, buildService, buildWorkspace } from '../../../test/factories.ts';
import { forEachDialect } from '../../../test/dialects.ts';
import { type AppError } from '../../shared/errors.ts';
import { SYSTEM_ACTOR } from '../../shared/deps.ts';
import { createRegion } from '../registry/manage-regions.ts';
import { updateProcessorParticulars, updateWorkspace } from '../workspaces/workspaces.ts';
import { parseCustomerInput } from './customers.ts';
import { findCustomer, listCustomers } from './customers.queries.ts';
import { createCustomer, deleteCustomer, updateCustomer } from './manage-customers.ts';

const fieldsOf = (e: unknown) => ((e as AppError).data as { fields: { field: string }[] }).fields.map((f) => f.field);

it('reads contacts from "Name <email>" lines, lower-casing addresses and naming bad lines by their index', () => {
  const input = parseCustomerInput({ name: 'Acme', contacts: 'Jane Doe <Jane@Acme.TEST>\n\n"Legal, Team" <legal@acme.test>\r\nops@acme.test' });
  assert.deepEqual(input.contacts, [
    { email: 'jane@acme.test', name: 'Jane Doe' }, { email: 'legal@acme.test', name: 'Legal, Team' }, { email: 'ops@acme.test', name: null },
  ]);
  assert.throws(() => parseCustomerInput({ name: 'Acme', contacts: 'ok@acme.test\n\nJane <not-an-address>\nOK@acme.test' }), (e: unknown) => {
    assert.deepEqual(fieldsOf(e), ['contacts[2].email', 'contacts[3].email']);
    assert.equal((e as AppError).message, 'contacts[2].email: must be an e-mail address; contacts[3].email: appears twice');
    return true;
  });
});

forEachDialect('customers', (ctx) => {
  it('creates a customer with services, regions and contacts, and lists it with the workspace defaults in force', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await buildService(deps, scope, { slug: 'connect', name: 'Connect' });
    await buildService(deps, scope, { slug: 'commerce', name: 'Commerce' });
    await createRegion(deps, scope, { slug: 'eu', name: 'Europe' });
    const created = await createCustomer(deps, scope, {
      name: 'Acme SA', country: 'fr', authorisation: 'specific', specialTerms: 'Objections by registered letter.',
      services: ['commerce', 'connect'], regions: ['eu'], contacts: [{ email: 'DPO@acme.test', name: 'DPO' }, { email: 'legal@acme.test' }],
    });
    const found = await findCustomer(deps.db, scope.workspaceId, created.id);
    assert.deepEqual(found, created);
    // Services in the workspace's order (connect was added first), not in the order sent.
    assert.deepEqual(
      [created.name, created.country, created.authorisation, created.specialTerms, created.services, created.regions],
      ['Acme SA', 'FR', 'specific', 'Objections by registered letter.', ['connect', 'commerce'], ['eu']],
    );
    assert.deepEqual(created.contacts.map((c) => [c.email, c.name]), [['dpo@acme.test', 'DPO'], ['legal@acme.test', null]]);
    assert.deepEqual([created.noticeDays, created.timeZone, created.effectiveNoticeDays, created.effectiveTimeZone], [null, null, 30, 'UTC']);
    assert.deepEqual([created.noticePeriod, created.effectiveNoticePeriod, created.subdivision, created.calendar], [null, '30d', null, 'FR']);
    const [audit] = await deps.db.selectFrom('audit_events').select(['action', 'subject_id', 'after_json']).where('workspace_id', '=', scope.workspaceId).where('action', '=', 'customer.created').execute();
    assert.equal(audit.subject_id, created.id);
    assert.equal(JSON.parse(audit.after_json as string).name, 'Acme SA');
  });

  it('resolves effective notice period and time zone from the workspace default unless the customer sets its own', async () => {
    const { deps } = ctx.db;
    const { scope, workspace } = await buildWorkspace(deps);
    const own = await buildCustomer(deps, scope, { noticePeriod: '1 month', timeZone: 'Europe/Paris' });
    const legacy = await buildCustomer(deps, scope, { noticeDays: 10 });
    const fallback = await buildCustomer(deps, scope);
    await updateWorkspace(deps, SYSTEM_ACTOR, workspace.id, { slug: workspace.slug, name: workspace.name, groupBy: workspace.groupBy, noticeDays: 45, timeZone: 'America/New_York' });
    const [a, l, b] = await Promise.all([own, legacy, fallback].map((c) => findCustomer(deps.db, scope.workspaceId, c.id)));
    // One month lasts at least 28 days: the older day count says so.
    assert.deepEqual([a?.noticePeriod, a?.effectiveNoticePeriod, a?.noticeDays, a?.effectiveNoticeDays, a?.effectiveTimeZone], ['1m', '1m', 28, 28, 'Europe/Paris']);
    assert.deepEqual([l?.noticePeriod, l?.effectiveNoticePeriod, l?.effectiveNoticeDays], ['10d', '10d', 10]);
    assert.deepEqual([b?.noticePeriod, b?.noticeDays, b?.effectiveNoticePeriod, b?.effectiveNoticeDays, b?.effectiveTimeZone], [null, null, '45d', 45, 'America/New_York']);
  });

  it('rejects a customer naming every bad field and stores nothing', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const bad = {
      name: '', country: 'XX', timeZone: 'Mars/Olympus_Mons', noticeDays: 366, authorisation: 'implied', specialTerms: 'x'.repeat(5001),
      services: ['Not A Slug'], contacts: [{ email: 'jane@acme.test' }, { email: 'nope' }, { name: 'No address' }, { email: 'JANE@acme.test' }],
    };
    await assert.rejects(createCustomer(deps, scope, bad), (e: unknown) => {
      assert.equal((e as AppError).code, 'validation_error');
      assert.equal((e as AppError).status, 400);
      assert.deepEqual(fieldsOf(e), [
        'name', 'country', 'timeZone', 'noticeDays', 'authorisation', 'specialTerms', 'services[0]', 'contacts[1].email', 'contacts[2].email', 'contacts[3].email',
      ]);
      assert.match((e as AppError).message, /noticeDays: must be from 1 to 365 days/);
      assert.doesNotMatch((e as AppError).message, /jane|nope/i, 'no address in the message');
      return true;
    });
    await assert.rejects(createCustomer(deps, scope, { name: 'Acme', noticeDays: '2.5' }), (e: unknown) => fieldsOf(e).join() === 'noticeDays');
    await assert.rejects(createCustomer(deps, scope, { name: 'Acme', noticeDays: -1 }), (e: unknown) => fieldsOf(e).join() === 'noticeDays');
    // A 0-day notice leaves no opportunity to object (GDPR Art 28(2)), in either field.
    await assert.rejects(createCustomer(deps, scope, { name: 'Acme', noticeDays: 0 }), /^AppError: noticeDays: must be at least 1 day: a 0-day notice leaves the customer no opportunity to object \(GDPR Art 28\(2\)\)$/);
    await assert.rejects(createCustomer(deps, scope, { name: 'Acme', noticePeriod: '0d' }), (e: unknown) => fieldsOf(e).join() === 'noticePeriod');
    await assert.rejects(createCustomer(deps, scope, { name: 'Acme', noticePeriod: '13 months' }), /noticePeriod: must be from 1 to 12 months/);
    await assert.rejects(createCustomer(deps, scope, { name: 'Acme', noticePeriod: 'a fortnight' }), /noticePeriod: must be a period such as 30d, 4w or 1m/);
    assert.equal((await listCustomers(deps.db, scope.workspaceId)).length, 0);
    const count = await deps.db.selectFrom('customer_contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', scope.workspaceId).executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  });

  it('takes a subdivision within the country and counts with its holidays, else the country\'s, else the workspace\'s', async () => {
    const { deps } = ctx.db;
    const { scope, workspace } = await buildWorkspace(deps);
    const bavarian = await buildCustomer(deps, scope, { country: 'DE', subdivision: 'DE-BY' });
    const german = await buildCustomer(deps, scope, { country: 'DE' });
    const stateless = await buildCustomer(deps, scope, { country: null, subdivision: 'DE-BE' });
    const nowhere = await buildCustomer(deps, scope, { country: null });
    assert.deepEqual([bavarian.calendar, german.calendar, stateless.calendar, nowhere.calendar], ['DE-BY', 'DE', 'DE-BE', null]);
    // Without a country or subdivision: the workspace's calendar, else the workspace's country.
    await updateProcessorParticulars(deps, SYSTEM_ACTOR, workspace.id, { country: 'AT' });
    assert.equal((await findCustomer(deps.db, scope.workspaceId, nowhere.id))?.calendar, 'AT');
    await updateWorkspace(deps, SYSTEM_ACTOR, workspace.id, { slug: workspace.slug, name: workspace.name, calendar: 'DE-HE' });
    assert.equal((await findCustomer(deps.db, scope.workspaceId, nowhere.id))?.calendar, 'DE-HE');
    // A country date-holidays has no calendar for (Antarctica) falls through to the workspace's.
    assert.equal((await buildCustomer(deps, scope, { country: 'AQ' })).calendar, 'DE-HE');
  });

  it('refuses a subdivision outside the country, unknown, or not a subdivision, naming the field', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ country: 'FR', subdivision: 'DE-BY' }, "subdivision: must be a subdivision of the customer's country, FR (FR-…)"],
      [{ country: 'DE', subdivision: 'DE-XX' }, 'subdivision: must be an ISO 3166-2 subdivision with a holiday calendar, such as DE-BY; DE has no subdivision XX'],
      [{ country: 'DE', subdivision: 'DE' }, 'subdivision: must be an ISO 3166-2 subdivision code such as DE-BY'],
      [{ country: null, subdivision: 'Bavaria' }, 'subdivision: must be an ISO 3166-2 subdivision code such as DE-BY'],
    ];
    for (const [over, message] of cases) {
      await assert.rejects(buildCustomer(deps, scope, over), (e: unknown) => {
        assert.deepEqual([(e as AppError).status, (e as AppError).message, fieldsOf(e)], [400, message, ['subdivision']]);
        return true;
      });
    }
  });

  it("refuses services and regions of another workspace and stores nothing", async () => {
    const { deps } = ctx.db;
    const a = await buildWorkspace(deps);
    const b = await buildWorkspace(deps);
    await buildService(deps, a.scope, { slug: 'shared-name' });
    await buildService(deps, b.scope, { slug: 'only-in-b' });
    await createRegion(deps, b.scope, { slug: 'b-region', name: 'B region' });
    await assert.rejects(createCustomer(deps, a.scope, { name: 'Acme', services: ['shared-name', 'only-in-b'], regions: ['b-region'] }), (e: unknown) => {
      assert.deepEqual(fieldsOf(e), ['services[1]', 'regions[0]']);
      assert.match((e as AppError).message, /services\[1\]: must be a service of this workspace/);
      return true;
    });
    assert.equal((await listCustomers(deps.db, a.scope.workspaceId)).length, 0);
  });

  it('gives a conflict for a second customer of the same name in a workspace, but allows it in another', async () => {
    const { deps } = ctx.db;
    const a = await buildWorkspace(deps);
    const b = await buildWorkspace(deps);
    const first = await buildCustomer(deps, a.scope, { name: 'Twice SA' });
    await assert.rejects(buildCustomer(deps, a.scope, { name: 'Twice SA' }), (e: unknown) => {
      assert.deepEqual([(e as AppError).code, (e as AppError).status, (e as AppError).message], ['customer_exists', 409, 'name: a customer with this name already exists']);
      return true;
    });
    const other = await buildCustomer(deps, a.scope, { name: 'Other SA' });
    await assert.rejects(updateCustomer(deps, a.scope, other.id, { name: 'Twice SA' }), { code: 'customer_exists' });
    await buildCustomer(deps, b.scope, { name: 'Twice SA' });
    assert.deepEqual((await listCustomers(deps.db, a.scope.workspaceId)).map((c) => c.id).sort(), [first.id, other.id].sort());
  });

  it('replaces every field on update, keeping the ids of contacts whose address stays', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await buildService(deps, scope, { slug: 'connect' });
    await createRegion(deps, scope, { slug: 'eu', name: 'Europe' });
    const c = await createCustomer(deps, scope, {
      name: 'Acme SA', noticeDays: 60, country: 'DE', subdivision: 'de-by', timeZone: 'Europe/Paris', authorisation: 'specific', services: ['connect'], regions: ['eu'],
      contacts: [{ email: 'stay@acme.test', name: 'Old name' }, { email: 'leave@acme.test' }],
    });
    const stayId = c.contacts.find((k) => k.email === 'stay@acme.test')?.id;
    const updated = await updateCustomer(deps, scope, c.id, { name: 'Acme Group SA', contacts: 'New name <stay@acme.test>\nnew@acme.test' });
    assert.deepEqual(
      [c.noticePeriod, c.subdivision, c.calendar, updated.name, updated.noticeDays, updated.noticePeriod, updated.subdivision, updated.timeZone, updated.authorisation, updated.services, updated.regions],
      ['60d', 'DE-BY', 'DE-BY', 'Acme Group SA', null, null, null, null, 'general', [], []],
    );
    assert.deepEqual(updated.contacts.map((k) => [k.email, k.name]), [['new@acme.test', null], ['stay@acme.test', 'New name']]);
    assert.equal(updated.contacts.find((k) => k.email === 'stay@acme.test')?.id, stayId);
    const events = await deps.db.selectFrom('audit_events').select(['action', 'before_json', 'after_json']).where('workspace_id', '=', scope.workspaceId).where('subject_id', '=', c.id).orderBy('seq').execute();
    assert.deepEqual(events.map((e) => e.action), ['customer.created', 'customer.updated']);
    assert.equal(JSON.parse(events[1].before_json as string).noticeDays, 60);
    assert.equal(JSON.parse(events[1].after_json as string).name, 'Acme Group SA');
  });

  it('deletes a customer with its contacts and links, writing an audit event that keeps what was deleted', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await buildService(deps, scope, { slug: 'connect' });
    const c = await buildCustomer(deps, scope, { name: 'Gone SA', services: ['connect'] });
    await deleteCustomer(deps, scope, c.id);
    assert.equal(await findCustomer(deps.db, scope.workspaceId, c.id), undefined);
    const left = await Promise.all([
      deps.db.selectFrom('customer_contacts').select('id').where('customer_id', '=', c.id).execute(),
      deps.db.selectFrom('customer_services').select('service_id').where('customer_id', '=', c.id).execute(),
    ]);
    assert.deepEqual(left, [[], []]);
    const event = await deps.db.selectFrom('audit_events').select(['action', 'before_json']).where('subject_id', '=', c.id).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    assert.equal(event.action, 'customer.deleted');
    assert.equal(JSON.parse(event.before_json as string).name, 'Gone SA');
    await assert.rejects(deleteCustomer(deps, scope, c.id), { code: 'not_found' });
  });

  it("does not find, change or delete another workspace's customer", async () => {
    const { deps } = ctx.db;
    const a = await buildWorkspace(deps);
    const b = await buildWorkspace(deps);
    const theirs = await buildCustomer(deps, b.scope, { name: 'Theirs SA' });
    assert.equal(await findCustomer(deps.db, a.scope.workspaceId, theirs.id), undefined);
    await assert.rejects(updateCustomer(deps, a.scope, theirs.id, { name: 'Hijacked' }), { code: 'not_found' });
    await assert.rejects(deleteCustomer(deps, a.scope, theirs.id), { code: 'not_found' });
    assert.equal((await findCustomer(deps.db, b.scope.workspaceId, theirs.id))?.name, 'Theirs SA');
  });

  it('filters by service and region, counting customers without any as using all, and by text in names and contacts', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    await buildService(deps, scope, { slug: 'connect' });
    await buildService(deps, scope, { slug: 'commerce' });
    await createRegion(deps, scope, { slug: 'eu', name: 'Europe' });
    await createRegion(deps, scope, { slug: 'us', name: 'United States' });
    await createCustomer(deps, scope, { name: 'Connect EU', services: ['connect'], regions: ['eu'], contacts: [{ email: 'anna@northwind.test', name: 'Anna Berg' }] });
    await createCustomer(deps, scope, { name: 'Commerce US', services: ['commerce'], regions: ['us'] });
    await createCustomer(deps, scope, { name: 'Everything' });
    const names = async (f: Parameters<typeof listCustomers>[2]) => (await listCustomers(deps.db, scope.workspaceId, f)).map((c) => c.name);
    assert.deepEqual(await names({}), ['Commerce US', 'Connect EU', 'Everything']);
    assert.deepEqual(await names({ service: 'connect' }), ['Connect EU', 'Everything']);
    assert.deepEqual(await names({ service: 'connect', region: 'us' }), ['Everything']);
    assert.deepEqual(await names({ q: 'commerce' }), ['Commerce US']);
    assert.deepEqual(await names({ q: 'NORTHWIND' }), ['Connect EU']);
    assert.deepEqual(await names({ q: 'berg' }), ['Connect EU']);
  });
});

forEachDialect('workspace defaults', (ctx) => {
  it('changes the default notice period and time zone with an audit event, keeping them when not sent', async () => {
    const { deps } = ctx.db;
    const { workspace } = await buildWorkspace(deps);
    assert.deepEqual([workspace.noticeDays, workspace.timeZone], [30, 'UTC']);
    const base = { slug: workspace.slug, name: workspace.name, groupBy: workspace.groupBy };
    const updated = await updateWorkspace(deps, SYSTEM_ACTOR, workspace.id, { ...base, noticeDays: '14', timeZone: 'Europe/Berlin' });
    assert.deepEqual([updated.noticeDays, updated.timeZone], [14, 'Europe/Berlin']);
    const renamed = await updateWorkspace(deps, SYSTEM_ACTOR, workspace.id, { ...base, name: 'Renamed' });
    assert.deepEqual([renamed.name, renamed.noticeDays, renamed.timeZone], ['Renamed', 14, 'Europe/Berlin']);
    const event = await deps.db.selectFrom('audit_events').select(['before_json', 'after_json']).where('workspace_id', '=', workspace.id).where('action', '=', 'workspace.updated').orderBy('seq').executeTakeFirstOrThrow();
    assert.deepEqual([JSON.parse(event.before_json as string).noticeDays, JSON.parse(event.after_json as string).timeZone], [30, 'Europe/Berlin']);
  });

  it('takes a default notice period in weeks or months and a holiday calendar, keeping the calendar when not sent', async () => {
    const { deps } = ctx.db;
    const { workspace } = await buildWorkspace(deps);
    assert.deepEqual([workspace.noticePeriod, workspace.calendar], ['30d', null]);
    const base = { slug: workspace.slug, name: workspace.name, groupBy: workspace.groupBy };
    const updated = await updateWorkspace(deps, SYSTEM_ACTOR, workspace.id, { ...base, noticePeriod: '1 month', calendar: 'de-by' });
    assert.deepEqual([updated.noticePeriod, updated.noticeDays, updated.calendar], ['1m', 28, 'DE-BY']);
    const kept = await updateWorkspace(deps, SYSTEM_ACTOR, workspace.id, { ...base, noticePeriod: '4w' });
    assert.deepEqual([kept.noticePeriod, kept.noticeDays, kept.calendar], ['4w', 28, 'DE-BY']);
    const cleared = await updateWorkspace(deps, SYSTEM_ACTOR, workspace.id, { ...base, calendar: '' });
    assert.deepEqual([cleared.noticePeriod, cleared.calendar], ['4w', null]);
    await assert.rejects(updateWorkspace(deps, SYSTEM_ACTOR, workspace.id, { ...base, noticePeriod: '0d', calendar: 'DE-XX' }), (e: unknown) => {
      assert.deepEqual(fieldsOf(e), ['noticePeriod', 'calendar']);
      assert.match((e as AppError).message, /noticePeriod: must be at least 1 day: a 0-day notice leaves the customer no opportunity to object \(GDPR Art 28\(2\)\); calendar: .*DE has no subdivision XX/);
      return true;
    });
  });

  it('rejects a bad default notice period and time zone naming both fields and changes nothing', async () => {
    const { deps } = ctx.db;
    const { workspace } = await buildWorkspace(deps);
    const attempt = updateWorkspace(deps, SYSTEM_ACTOR, workspace.id, { slug: workspace.slug, name: 'Changed', noticeDays: 'thirty', timeZone: 'Europe/Atlantis' });
    await assert.rejects(attempt, (e: unknown) => {
      assert.deepEqual(fieldsOf(e), ['noticeDays', 'timeZone']);
      return true;
    });
    const row = await deps.db.selectFrom('workspaces').select(['name', 'notice_days', 'time_zone']).where('id', '=', workspace.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { name: workspace.name, notice_days: 30, time_zone: 'UTC' });
  });
});
