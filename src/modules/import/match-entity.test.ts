import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entityMatcher, normaliseEntityName, websiteHost } from './match-entity.ts';

describe('matching imported rows to registry entities', () => {
  it('normalises case, punctuation, accents and legal suffixes, keeping a name that is only a suffix', () => {
    assert.equal(normaliseEntityName('Stripe, Inc.'), 'stripe');
    assert.equal(normaliseEntityName('STRIPE INC'), 'stripe');
    assert.equal(normaliseEntityName('Hetzner Online GmbH'), 'hetzner online');
    assert.equal(normaliseEntityName('Crisp IM S.A.S.'), 'crisp im');
    assert.equal(normaliseEntityName('Stripe Payments Europe, Ltd.'), 'stripe payments europe');
    assert.equal(normaliseEntityName('Mailgun Technologies, LLC'), 'mailgun technologies');
    assert.equal(normaliseEntityName('Plausible Insights OÜ'), 'plausible insights');
    assert.equal(normaliseEntityName('Intercom R&D Unlimited Company'), 'intercom r and d unlimited');
    assert.equal(normaliseEntityName('Inc.'), 'inc');
    assert.equal(normaliseEntityName('Paddle.com Market Limited'), 'paddle com market');
  });

  it('reads the host of a website with or without scheme and www', () => {
    assert.equal(websiteHost('https://www.Stripe.com/privacy'), 'stripe.com');
    assert.equal(websiteHost('mailgun.com'), 'mailgun.com');
    assert.equal(websiteHost('Privacy policy'), null);
    assert.equal(websiteHost(null), null);
  });

  it('finds an entity by name, legal name, normalised name or website host, and nothing for another company', () => {
    const match = entityMatcher([
      { id: 'stripe', name: 'Stripe', legalName: null, website: null },
      { id: 'aws', name: 'AWS', legalName: 'Amazon Web Services, Inc.', website: null },
      { id: 'mailgun', name: 'Mailgun', legalName: null, website: 'https://www.mailgun.com' },
    ]);
    assert.deepEqual(match.find({ name: 'stripe' }), { id: 'stripe', by: 'name' });
    assert.deepEqual(match.find({ name: 'Amazon Web Services, Inc' }), { id: 'aws', by: 'legal name' });
    assert.deepEqual(match.find({ name: 'Stripe, Inc.' }), { id: 'stripe', by: 'normalised name' });
    assert.deepEqual(match.find({ name: 'Mailgun Technologies', website: 'https://mailgun.com/' }), { id: 'mailgun', by: 'website' });
    assert.equal(match.find({ name: 'Stripe Payments Europe' }), null);
    match.add({ id: 'ingram-us', name: 'Ingram Micro Inc.', legalName: null, website: null });
    assert.equal(match.find({ name: 'Ingram Micro Pty Ltd' }), null, 'another legal form is another company of the group');
    assert.deepEqual(match.find({ name: 'Ingram Micro Incorporated' }), { id: 'ingram-us', by: 'normalised name' });
    match.add({ id: 'brevo', name: 'Brevo SAS', legalName: null, website: null });
    assert.deepEqual(match.find({ name: 'Brevo' }), { id: 'brevo', by: 'normalised name' });
  });
});
