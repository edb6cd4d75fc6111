import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signWebhook, verifyWebhookSignature, webhookSignature } from './sign-webhook.ts';

const secret = 'whsec_test-secret';
const body = '{"id":"d1","type":"test","createdAt":"2030-03-01T09:00:00.000Z","data":{"note":"Ünïcödé ✓"}}';
const now = new Date('2030-03-01T09:00:00.000Z');
const signed = () => signWebhook({ secret, event: 'test', deliveryId: 'd1', body, now });

describe('webhook signatures', () => {
  it('sends the event, the delivery id, the unix timestamp and a v1 HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const h = signed();
    assert.equal(h['Trustroom-Event'], 'test');
    assert.equal(h['Trustroom-Delivery'], 'd1');
    assert.equal(h['Trustroom-Timestamp'], String(now.getTime() / 1000));
    assert.match(h['Trustroom-Signature'], /^v1=[0-9a-f]{64}$/);
    assert.equal(h['Trustroom-Signature'], `v1=${webhookSignature(secret, now.getTime() / 1000, body)}`);
  });

  it('verifies with the secret, from lower-cased node:http headers and from a Fetch Headers object, as text or bytes', () => {
    const h = signed();
    const lower = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
    assert.deepEqual(verifyWebhookSignature(secret, lower, body, { now }), { ok: true, timestamp: now.getTime() / 1000 });
    assert.equal(verifyWebhookSignature(secret, new Headers(h), Buffer.from(body, 'utf8'), { now }).ok, true);
  });

  it('fails with a changed body, another secret or a changed timestamp', () => {
    const h = signed();
    assert.deepEqual(verifyWebhookSignature(secret, h, body.replace('test', 'tesT'), { now }), { ok: false, reason: 'bad_signature' });
    assert.deepEqual(verifyWebhookSignature('whsec_other', h, body, { now }), { ok: false, reason: 'bad_signature' });
    const shifted = { ...h, 'Trustroom-Timestamp': String(Number(h['Trustroom-Timestamp']) + 1) };
    assert.deepEqual(verifyWebhookSignature(secret, shifted, body, { now }), { ok: false, reason: 'bad_signature' });
  });

  it('fails with a timestamp older (or newer) than the tolerance, five minutes by default', () => {
    const h = signed();
    const later = (s: number) => new Date(now.getTime() + s * 1000);
    assert.equal(verifyWebhookSignature(secret, h, body, { now: later(300) }).ok, true);
    assert.deepEqual(verifyWebhookSignature(secret, h, body, { now: later(301) }), { ok: false, reason: 'too_old' });
    assert.deepEqual(verifyWebhookSignature(secret, h, body, { now: later(-301) }), { ok: false, reason: 'too_old' });
    assert.equal(verifyWebhookSignature(secret, h, body, { now: later(3600), toleranceSeconds: 3600 }).ok, true);
  });

  it('fails without the headers, with a malformed timestamp or signature, and accepts one matching value among several', () => {
    const h = signed();
    assert.deepEqual(verifyWebhookSignature(secret, {}, body, { now }), { ok: false, reason: 'missing_header' });
    assert.deepEqual(verifyWebhookSignature(secret, { ...h, 'Trustroom-Timestamp': 'soon' }, body, { now }), { ok: false, reason: 'bad_timestamp' });
    assert.deepEqual(verifyWebhookSignature(secret, { ...h, 'Trustroom-Signature': 'v1=abc' }, body, { now }), { ok: false, reason: 'bad_signature' });
    assert.deepEqual(verifyWebhookSignature(secret, { ...h, 'Trustroom-Signature': h['Trustroom-Signature'].replace('v1=', 'v0=') }, body, { now }), { ok: false, reason: 'bad_signature' });
    const several = { ...h, 'Trustroom-Signature': `v1=${'0'.repeat(64)}, ${h['Trustroom-Signature']}` };
    assert.equal(verifyWebhookSignature(secret, several, body, { now }).ok, true);
  });
});
