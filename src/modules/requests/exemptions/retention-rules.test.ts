import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { forEachDialect } from '../../../../test/dialects.ts';
import { buildWorkspace } from '../../../../test/factories.ts';
import { readDatasets } from '../fulfilment/dataset.ts';
import { shopYaml } from '../fulfilment/shop-fixture.ts';
import { addRetentionRule, adoptRetentionDefaults, listRetentionRules, setRetentionRuleActive, updateRetentionRule } from './manage-retention-rules.ts';
import { periodBefore, retentionDefaults, retentionKeeper, type RetentionRuleView, ruleKeeps } from './retention-rules.ts';

const shop = readDatasets([{ name: 'shop.yml', text: shopYaml() }])[0];
const collection = (name: string) => shop?.collections.find((c) => c.name === name) as NonNullable<typeof shop>['collections'][number];
const NOW = new Date('2026-12-04T12:00:00Z');
const rule = (over: Partial<RetentionRuleView['appliesTo']>, retainFor: string | null = null) => ({
  appliesTo: { collections: [], dataCategories: [], where: null, ageField: null, ...over }, retainFor,
});

describe('retention rules', () => {
  it('ships the seed policy cases with a legal basis and a source each', () => {
    const defaults = retentionDefaults();
    assert.deepEqual(defaults.map((d) => d.key), ['network-access-logs', 'fraud-prevention', 'terms-violation', 'legal-retention']);
    for (const d of defaults) {
      assert.match(d.legalBasis, /GDPR Art (6\(1\)\([cf]\)|17\(3\)\([be]\))/, d.key);
      assert.match(d.source, /seed 002 §[78]/, d.key);
    }
    assert.equal(defaults.find((d) => d.key === 'legal-retention')?.legalBasis.startsWith('GDPR Art 17(3)(b)'), true);
  });

  it('keeps a row younger than the period by its age field, and erases an older one or one without a readable date', () => {
    const logs = rule({ collections: ['shop:logins'], ageField: 'at' }, 'P12M');
    assert.equal(ruleKeeps(logs, 'shop:logins', collection('logins'), { id: 1, at: '2026-04-01T10:00:00Z' }, NOW), true);
    assert.equal(ruleKeeps(logs, 'shop:logins', collection('logins'), { id: 1, at: '2025-11-30T10:00:00Z' }, NOW), false);
    assert.equal(ruleKeeps(logs, 'shop:logins', collection('logins'), { id: 1, at: 'yesterday' }, NOW), false);
    assert.equal(ruleKeeps(logs, 'shop:customers', collection('customers'), { id: 1 }, NOW), false);
    assert.equal(periodBefore(new Date('2026-03-31T00:00:00Z'), 'P1M').toISOString(), '2026-03-03T00:00:00.000Z');
    assert.equal(periodBefore(NOW, 'P10Y').toISOString(), '2016-12-04T12:00:00.000Z');
  });

  it('matches by data category (sub-categories included) and by a field condition that reads booleans from either database', () => {
    assert.equal(ruleKeeps(rule({ dataCategories: ['user.device'] }), 'shop:logins', collection('logins'), {}, NOW), true);
    assert.equal(ruleKeeps(rule({ dataCategories: ['user.device'] }), 'shop:orders', collection('orders'), {}, NOW), false);
    const fraud = rule({ where: { field: 'customer_id', equals: true } });
    for (const yes of [true, 1, '1', 't', 'true']) assert.equal(ruleKeeps(fraud, 'shop:logins', collection('logins'), { customer_id: yes }, NOW), true, String(yes));
    for (const no of [false, 0, null, 'f', 2]) assert.equal(ruleKeeps(fraud, 'shop:logins', collection('logins'), { customer_id: no }, NOW), false, String(no));
    // A field the collection does not describe never matches.
    assert.equal(ruleKeeps(rule({ where: { field: 'flagged_fraud', equals: true } }), 'shop:logins', collection('logins'), { flagged_fraud: 1 }, NOW), false);
  });

  it('the keeper names the first active rule that matches, and inactive rules keep nothing', () => {
    const base = { id: 'x', label: 'x', legalBasis: 'x', source: null, createdAt: '', updatedAt: '' };
    const keep = retentionKeeper([
      { ...base, key: 'off', active: false, ...rule({ collections: ['shop:logins'] }) },
      { ...base, key: 'logs', active: true, ...rule({ collections: ['shop:logins'] }) },
    ], NOW);
    assert.equal(keep('shop:logins', { id: 1 }, collection('logins')), 'logs');
    assert.equal(keep('shop:orders', { id: 1 }, collection('orders')), null);
  });
});

forEachDialect('retention rules per workspace', (ctx) => {
  it('adopts the defaults once, then edits, deactivates and adds rules, each with an audit event', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    assert.equal((await adoptRetentionDefaults(deps, scope)).length, 4);
    assert.equal((await adoptRetentionDefaults(deps, scope)).length, 0);
    const logs = (await listRetentionRules(deps, scope)).find((r) => r.key === 'network-access-logs') as RetentionRuleView;
    assert.match(logs.source ?? '', /seed 002 §8\(a\)/);
    const edited = await updateRetentionRule(deps, scope, logs.id, { collections: ['shop:logins'], ageField: 'at' });
    assert.deepEqual(edited.appliesTo, { collections: ['shop:logins'], dataCategories: ['user.device.ip_address'], where: null, ageField: 'at' });
    assert.equal(edited.retainFor, 'P12M');
    await setRetentionRuleActive(deps, scope, logs.id, false);
    const own = await addRetentionRule(deps, scope, { key: 'invoices', label: 'Invoices', legalBasis: 'GDPR Art 17(3)(b) legal obligation (tax records)', collections: 'billing:invoices', ageField: 'issued_on', retainFor: 'P10Y' });
    assert.equal(own.active, true);
    assert.deepEqual((await listRetentionRules(deps, scope, { activeOnly: true })).map((r) => r.key), ['fraud-prevention', 'invoices', 'legal-retention', 'terms-violation']);
    const actions = (await deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', logs.id).orderBy('seq').execute()).map((e) => e.action);
    assert.deepEqual(actions, ['dsr_retention_rule.adopted', 'dsr_retention_rule.updated', 'dsr_retention_rule.deactivated']);
    await assert.rejects(addRetentionRule(deps, scope, { key: 'invoices', label: 'Again', legalBasis: 'x', collections: ['a:b'] }), { status: 409, code: 'dsr_retention_rule_exists' });
  });

  it('refuses bad rule input with 400 naming each field', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildWorkspace(deps);
    const fieldsOf = (e: { data?: { fields: { field: string }[] } }) => e.data?.fields.map((f) => f.field).sort();
    await assert.rejects(addRetentionRule(deps, scope, { key: 'Bad Key', collections: ['nocolon'], dataCategories: ['user.made_up'], retainFor: '12 months' }), (e: Error & { status: number }) => {
      assert.equal(e.status, 400);
      assert.deepEqual(fieldsOf(e as never), ['collections[0]', 'dataCategories[0]', 'key', 'label', 'legalBasis', 'retainFor']);
      return true;
    });
    await assert.rejects(addRetentionRule(deps, scope, { key: 'everything', label: 'All', legalBasis: 'none' }), (e: Error) => {
      assert.match(e.message, /collections: give at least one of collections, dataCategories, whereField or retainFor/);
      return true;
    });
    await assert.rejects(addRetentionRule(deps, scope, { key: 'half', label: 'Half', legalBasis: 'x', whereField: 'flagged' }), (e: Error) => {
      assert.deepEqual(fieldsOf(e as never), ['whereEquals']);
      return true;
    });
  });
});
