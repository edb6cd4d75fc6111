import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { forEachDialect } from '../../../test/dialects.ts';
import { art28Checklist, checkArt28, checklistText } from './art28-checklist.ts';
import { createDpaDraft, GENERIC_TEMPLATE, publishDpaVersion, updateDpaDraft } from './manage-dpa-versions.ts';
import { buildDpaWorkspace, TEMPLATE } from './dpa.test-helpers.ts';

const template = (name: string) => readFileSync(new URL(`./templates/${name}.md`, import.meta.url), 'utf8');
const terms = (body: string) => checkArt28(body).map((w) => w.term);

it('keeps every Art 28(3) term as rule data with its source and the date it was checked', () => {
  const c = art28Checklist();
  assert.equal(c.checked, '2026-12-03');
  assert.match(c.source, /Regulation \(EU\) 2016\/679/);
  assert.deepEqual(c.terms.map((t) => t.term), [
    'subject_matter', 'duration', 'nature_and_purpose', 'data_types', 'data_subjects', 'controller_obligations_rights', 'a_instructions',
    'b_confidentiality', 'c_security', 'd_subprocessors', 'e_data_subject_requests', 'f_articles_32_36', 'g_deletion_or_return',
    'h_compliance_information_audits', 'infringing_instruction',
  ]);
  for (const t of c.terms) for (const n of t.requires) assert.ok(n.patterns.length > 0 && n.what, `${t.term}: ${n.what}`);
});

it('finds no missing term in the demo templates (generic and Scalingo)', () => {
  assert.deepEqual(checkArt28(template('generic')), []);
  assert.deepEqual(checkArt28(template('scalingo')), []);
  assert.deepEqual(checkArt28(GENERIC_TEMPLATE()), []);
});

it('warns about every term a short template misses, with the term, its label and what is missing', () => {
  const warnings = checkArt28(TEMPLATE);
  assert.equal(warnings.length, art28Checklist().terms.length, 'the test template says none of them');
  const g = warnings.find((w) => w.term === 'g_deletion_or_return');
  assert.deepEqual(g, {
    term: 'g_deletion_or_return', label: 'Art 28(3)(g) Deletion or return at the end of the services',
    // {{customer.termination_handling}} supplies the controller's choice between deletion and return.
    message: 'Art 28(3)(g) Deletion or return at the end of the services: missing deletion of existing copies; copies in backups; a certificate of deletion; the exception where Union or Member State law requires storage.',
  });
});

it('names only what a nearly complete template leaves out', () => {
  const generic = template('generic');
  const without = (...cuts: string[]) => cuts.reduce((body, cut) => {
    assert.ok(body.includes(cut), cut);
    return body.replace(cut, '');
  }, generic);
  assert.deepEqual(terms(without(', and certifies the deletion to the controller in writing')), ['g_deletion_or_return']);
  assert.match(checkArt28(without(', and certifies the deletion to the controller in writing'))[0].message, /: missing a certificate of deletion\.$/);
  assert.deepEqual(terms(without(', unless Union or Member State law to which the processor is subject requires it to; in that case the processor informs the controller of that legal requirement before processing, unless that law prohibits such information on important grounds of public interest')), ['a_instructions']);
  assert.deepEqual(terms(without(' and reviews them regularly so that they remain appropriate to the risk')), ['c_security']);
  assert.deepEqual(terms(without(', giving it the opportunity to object', ' and takes effect for it only once it consents', 'Under a specific authorisation, each new sub-processor needs the controller\'s prior written consent')), ['d_subprocessors']);
  assert.deepEqual(terms(without('data protection impact assessments and ')), ['f_articles_32_36']);
  assert.deepEqual(terms(without('all information necessary to demonstrate compliance with Article 28 GDPR and this agreement, and ')), ['h_compliance_information_audits']);
  assert.deepEqual(terms(without(' The processor immediately informs the controller if, in its opinion, an instruction infringes the GDPR or other Union or Member State data protection provisions.')), ['infringing_instruction']);
});

it('reads markdown as text: emphasis, curly quotes, line breaks and spaced placeholders do not hide a term', () => {
  assert.equal(checklistText('**at the controller’s\n  choice**, {{ customer.termination_handling }} and _backups_'), "at the controller's choice, {{customer.termination_handling}} and backups");
});

forEachDialect('Art 28(3) checklist on DPA versions', (ctx) => {
  it('returns the warnings when a draft is saved and published, and none once the body covers every term', async () => {
    const { deps } = ctx.db;
    const { scope } = await buildDpaWorkspace(deps);
    const draft = await createDpaDraft(deps, scope, { title: 'DPA', body: TEMPLATE });
    assert.equal(draft.warnings.length, art28Checklist().terms.length);
    const saved = await updateDpaDraft(deps, scope, draft.id, { title: 'DPA', body: template('generic').replace('certifies the deletion', 'tells') });
    assert.deepEqual(saved.warnings.map((w) => w.term), ['g_deletion_or_return'], 'a warning does not stop saving');
    const published = await publishDpaVersion(deps, scope, draft.id);
    assert.deepEqual([published.version.status, published.warnings.map((w) => w.term)], ['published', ['g_deletion_or_return']], 'nor publishing');
    const next = await createDpaDraft(deps, scope, { title: 'DPA', body: template('generic') });
    assert.deepEqual(next.warnings, []);
  });
});
