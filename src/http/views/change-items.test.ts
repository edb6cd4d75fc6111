import assert from 'node:assert/strict';
import { it } from 'node:test';
import { renderChangeItems } from './change-items.ts';

it("shows a change's data categories by name, with the sub-processor's address and data subjects (console, evidence and response pages)", () => {
  const base = { name: 'Mailer Ltd', legalName: null, entityCountry: 'Ireland', contact: null, purpose: 'E-mail delivery', countries: ['Ireland'], services: [], regions: [], transferMechanisms: [] };
  const out = renderChangeItems([{
    op: 'modify',
    // Frozen before names and the new fields: keys, no address, no data subjects.
    before: { ...base, dataCategories: ['user.contact.email'] },
    after: { ...base, dataCategories: ['User Contact Email', 'Name'], address: '1 Dock Road, Dublin', dataSubjectCategories: ['End users'] },
  }]).toString();
  assert.match(out, /<tr><th scope="row">Data categories<\/th><td>User Contact Email<\/td><td>User Contact Email, Name<\/td><\/tr>/);
  assert.match(out, /<tr><th scope="row">Address<\/th><td>—<\/td><td>1 Dock Road, Dublin<\/td><\/tr>/);
  assert.match(out, /<tr><th scope="row">Data subjects<\/th><td>—<\/td><td>End users<\/td><\/tr>/);
  assert.doesNotMatch(out, /user\.contact\.email/);
});
