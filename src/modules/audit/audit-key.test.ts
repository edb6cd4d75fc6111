import assert from 'node:assert/strict';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isAppError } from '../../shared/errors.ts';
import { ensureAuditKey, loadAuditKey } from './audit-key.ts';

// No database here: the key lives in a file, outside it.
describe('audit signing key file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trustroom-key-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is generated on first use with mode 0600 and a message saying where it is, to keep it outside the database and back it up', () => {
    const file = join(dir, 'nested', 'audit-signing-key.pem');
    const lines: string[] = [];
    const { key, created } = ensureAuditKey(file, (l) => lines.push(l));
    assert.equal(created, true);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(readFileSync(file, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(key.privateKey.asymmetricKeyType, 'ed25519');
    assert.equal(lines.length, 1);
    assert.ok(lines[0]!.includes(file));
    assert.match(lines[0]!, /outside the database/);
    assert.match(lines[0]!, /back it up/);
    assert.match(lines[0]!, /TRUSTROOM_AUDIT_KEY_FILE/);
  });

  it('is reused on the next start, silently, with the same key id', () => {
    const file = join(dir, 'reuse.pem');
    const first = ensureAuditKey(file).key;
    const lines: string[] = [];
    const second = ensureAuditKey(file, (l) => lines.push(l));
    assert.deepEqual([second.created, second.key.keyId, lines], [false, first.keyId, []]);
  });

  it('has as key id the first 16 hex of the SHA-256 of the public key DER, and publishes the public key as PEM', () => {
    const { key } = ensureAuditKey(join(dir, 'id.pem'));
    const der = createPublicKey(key.publicKeyPem).export({ type: 'spki', format: 'der' });
    assert.equal(key.keyId, createHash('sha256').update(der).digest('hex').slice(0, 16));
    assert.match(key.publicKeyPem, /^-----BEGIN PUBLIC KEY-----/);
  });

  it('stops the start with a config error naming the variable when the file is not a key', () => {
    const file = join(dir, 'garbage.pem');
    writeFileSync(file, 'not a key');
    assert.throws(() => ensureAuditKey(file), (e) => isAppError(e) && e.code === 'config_error' && /TRUSTROOM_AUDIT_KEY_FILE: the file is not a PEM private key/.test(e.message));
    assert.equal(readFileSync(file, 'utf8'), 'not a key', 'a bad file is never replaced');
  });

  it('refuses a key of another type than Ed25519', () => {
    const file = join(dir, 'rsa.pem');
    writeFileSync(file, generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    assert.throws(() => loadAuditKey(file), /TRUSTROOM_AUDIT_KEY_FILE: the key must be Ed25519/);
  });

  it('stops the start when the file cannot be read (here a directory)', () => {
    assert.throws(() => ensureAuditKey(dir), (e) => isAppError(e) && e.code === 'config_error' && /TRUSTROOM_AUDIT_KEY_FILE: cannot read the key file \(EISDIR\)/.test(e.message));
  });

  it('is absent (null) when the file does not exist, without creating it', () => {
    assert.equal(loadAuditKey(join(dir, 'missing.pem')), null);
    assert.throws(() => statSync(join(dir, 'missing.pem')));
  });
});
