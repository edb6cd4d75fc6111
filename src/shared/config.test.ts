import assert from 'node:assert/strict';
import { it } from 'node:test';
import { loadConfig } from './config.ts';

it('defaults to SQLite under ./data on 127.0.0.1:3000', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.databaseUrl, null);
  assert.match(c.dataDir, /\/data$/);
  assert.equal(c.publicUrl, 'http://127.0.0.1:3000');
  assert.equal(c.secureCookies, false);
});

it('names every bad variable in one message', () => {
  assert.throws(() => loadConfig({ PORT: '99999', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }), (e: Error & { code?: string }) => {
    assert.equal(e.code, 'config_error');
    assert.match(e.message, /PORT: must be an integer between 0 and 65535/);
    assert.match(e.message, /DATABASE_URL: must start with postgres:\/\//);
    assert.match(e.message, /LOG_LEVEL: must be one of/);
    return true;
  });
});

it('makes cookies Secure when the public address is https', () => {
  assert.equal(loadConfig({ TRUSTROOM_PUBLIC_URL: 'https://trust.example.com/' }).secureCookies, true);
  assert.equal(loadConfig({ TRUSTROOM_PUBLIC_URL: 'https://trust.example.com/' }).publicUrl, 'https://trust.example.com');
});

it('trusts no proxy by default, and reads TRUSTROOM_TRUST_PROXY as a hop count or a list of proxy IPs/CIDRs', () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ TRUSTROOM_TRUST_PROXY: 'off' }).trustProxy, false);
  assert.equal(loadConfig({ TRUSTROOM_TRUST_PROXY: '1' }).trustProxy, 1);
  assert.deepEqual(loadConfig({ TRUSTROOM_TRUST_PROXY: '10.0.0.0/8, 192.0.2.7,fd00::/8' }).trustProxy, ['10.0.0.0/8', '192.0.2.7', 'fd00::/8']);
});

it('stops start with a message naming TRUSTROOM_TRUST_PROXY for a bad value', () => {
  for (const bad of ['yes please', '1.5', '99', '10.0.0.0/33', '300.1.1.1', 'true']) {
    assert.throws(() => loadConfig({ TRUSTROOM_TRUST_PROXY: bad }), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'config_error');
      assert.match(e.message, /TRUSTROOM_TRUST_PROXY: must be off, a hop count/);
      return true;
    }, bad);
  }
});
