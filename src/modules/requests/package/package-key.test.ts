import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../../shared/config.ts';
import { isAppError } from '../../../shared/errors.ts';
import { ensurePackageKey, loadPackageKey, openPackage, sealPackage } from './package-key.ts';

// No database here: the key lives in a file, outside it.
describe('access package key file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trustroom-package-key-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('is read from TRUSTROOM_PACKAGE_KEY_FILE, else from package-key in the data folder', () => {
    assert.equal(loadConfig({ TRUSTROOM_DATA_DIR: dir }).packageKeyFile, join(dir, 'package-key'));
    assert.equal(loadConfig({ TRUSTROOM_PACKAGE_KEY_FILE: 'keys/pk' }).packageKeyFile, resolve('keys/pk'));
  });

  it('is generated on first use with mode 0600 as 32 random bytes in base64, then reused', () => {
    const file = join(dir, 'nested', 'package-key');
    const first = ensurePackageKey(file);
    assert.equal(first.created, true);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.match(readFileSync(file, 'utf8'), /^[A-Za-z0-9+/]{43}=\n$/);
    assert.equal(first.key.length, 32);
    const second = ensurePackageKey(file);
    assert.equal(second.created, false);
    assert.ok(second.key.equals(first.key));
  });

  it('stops with a config error naming the variable when the file is not a key, and never replaces it', () => {
    const file = join(dir, 'garbage');
    writeFileSync(file, 'not a key');
    assert.throws(() => ensurePackageKey(file), (e) => isAppError(e) && e.code === 'config_error' && /TRUSTROOM_PACKAGE_KEY_FILE: the file must hold 32 random bytes in base64/.test(e.message));
    assert.equal(readFileSync(file, 'utf8'), 'not a key');
    writeFileSync(file, randomBytes(16).toString('base64'));
    assert.throws(() => loadPackageKey(file), /TRUSTROOM_PACKAGE_KEY_FILE: the file must hold 32 random bytes/);
    assert.throws(() => ensurePackageKey(dir), (e) => isAppError(e) && e.code === 'config_error' && /TRUSTROOM_PACKAGE_KEY_FILE: cannot read the key file \(EISDIR\)/.test(e.message));
  });

  it('decrypts only with the same key and the same package id', () => {
    const key = randomBytes(32);
    const plain = Buffer.from('alice.martin@example.test');
    const sealed = sealPackage(key, plain, 'p1');
    assert.ok(openPackage(key, sealed, 'p1').equals(plain));
    assert.throws(() => openPackage(randomBytes(32), sealed, 'p1'), (e) => isAppError(e) && e.code === 'package_undecryptable' && !e.message.includes('alice'));
    assert.throws(() => openPackage(key, sealed, 'p2'), /package_undecryptable|cannot be decrypted/);
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] ^= 1;
    assert.throws(() => openPackage(key, { ...sealed, ciphertext: flipped }, 'p1'), /cannot be decrypted/);
  });
});
