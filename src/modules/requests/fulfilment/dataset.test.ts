import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readDatasets } from './dataset.ts';
import { planTraversal } from './traverse.ts';

const crm = `dataset:
  - fides_key: crm
    collections:
      - name: contacts
        fields:
          - name: id
            fidesops_meta: { primary_key: true }
          - name: email
            data_categories: [user.contact.email]
            fidesops_meta: { identity: email }
      - name: notes
        fides_meta: { skip_processing: true }
        fields:
          - name: contact_id
            fides_meta: { references: [{ dataset: crm, field: contacts.id, direction: from }] }
`;
const billing = `dataset:
  - fides_key: billing
    collections:
      - name: invoices
        fields:
          - name: id
            fides_meta: { primary_key: true }
          - name: contact_id
            fides_meta: { references: [{ dataset: crm, field: contacts.id }] }
      - name: ledger
        fields:
          - name: id
`;

describe('Fides dataset reader and traversal plan', () => {
  it('reads fidesops_meta as fides_meta and datasets of several files referencing each other', () => {
    const ds = readDatasets([{ name: 'crm.yml', text: crm }, { name: 'billing.yml', text: billing }]);
    assert.equal(ds[0]?.collections[0]?.fields[1]?.identity, 'email');
    assert.equal(ds[1]?.collections[0]?.fields[1]?.references[0]?.direction, null);
    const plan = planTraversal(ds, { email: 'x' });
    assert.deepEqual(plan.order, ['crm:contacts', 'billing:invoices']);
    assert.deepEqual(plan.unreachable, ['billing:ledger']);
    assert.deepEqual(plan.skipped, ['crm:notes']);
    // Without a direction the reference is followed both ways.
    assert.deepEqual(plan.edges.map((e) => `${e.from}.${e.fromField}>${e.to}.${e.toField}`).sort(), ['billing:invoices.contact_id>crm:contacts.id', 'crm:contacts.id>billing:invoices.contact_id']);
  });

  it('refuses nested fields and a reference to a dataset not given, naming each path', () => {
    const nested = crm.replace('          - name: email\n', '          - name: profile\n            fields: [{ name: nickname }]\n          - name: email\n');
    assert.throws(() => readDatasets([{ name: 'crm.yml', text: nested }]), /--dataset crm\.yml: dataset\[0\]\.collections\[0\]\.fields\[1\]\.fields: nested fields are not supported/);
    assert.throws(() => readDatasets([{ name: 'billing.yml', text: billing }]), /--dataset billing\.yml: dataset\[0\]\.collections\[0\]\.fields\[1\]\.fides_meta\.references\[0\]\.dataset: names no dataset given with --dataset \(crm\)/);
  });

  it('refuses table and column names that are not plain SQL names', () => {
    assert.throws(() => readDatasets([{ name: 'x.yml', text: crm.replace('name: contacts', 'name: "contacts; drop table x"') }]), /dataset\[0\]\.collections\[0\]\.name: must be a plain SQL name/);
    assert.throws(() => readDatasets([{ name: 'x.yml', text: 'dataset: nope' }]), /--dataset x\.yml: dataset: must be a list of datasets/);
  });
});
