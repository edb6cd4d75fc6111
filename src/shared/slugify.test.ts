import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SLUG_PATTERN } from './input.ts';
import { slugify, uniqueSlug } from './slugify.ts';

test('accents are removed and non-alphanumerics become single hyphens', () => {
  assert.equal(slugify('Société Générale'), 'societe-generale');
  assert.equal(slugify('  AWS -- Frankfurt (eu-central-1)! '), 'aws-frankfurt-eu-central-1');
});

test('long names are cut to the maximum without a trailing hyphen', () => {
  const s = slugify('a'.repeat(63) + ' b');
  assert.equal(s, 'a'.repeat(63));
  assert.match(s, SLUG_PATTERN);
});

test('names without Latin letters or digits fall back to a valid numbered slug', async () => {
  assert.equal(slugify('日本語 🚀'), '');
  const s = await uniqueSlug('日本語 🚀', 'service', async () => false);
  assert.equal(s, 'service-1');
  assert.match(s, SLUG_PATTERN);
  assert.equal(await uniqueSlug('🚀', 'service', async (c) => c === 'service-1'), 'service-2');
});

test('a taken slug gets -2, -3 and so on in the same scope', async () => {
  const taken = new Set(['cloud', 'cloud-2']);
  assert.equal(await uniqueSlug('Cloud', 'service', async (c) => taken.has(c)), 'cloud-3');
  assert.equal(await uniqueSlug('Cloud', 'service', async () => false), 'cloud');
  const longTaken = new Set(['x'.repeat(64)]);
  const s = await uniqueSlug('x'.repeat(80), 'service', async (c) => longTaken.has(c));
  assert.equal(s, `${'x'.repeat(62)}-2`);
});
