import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveCredential } from './credentials.ts';

describe('credentials by reference (env:NAME, secret:NAME)', () => {
  let dir: string;
  const file = (name: string, text: string, mode = 0o600) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    chmodSync(p, mode);
    return p;
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'trustroom-secrets-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('returns a value that is no reference as it is, and reads env:NAME from the environment', () => {
    assert.equal(resolveCredential('sqlite:/tmp/x.db', '--connection', {}), 'sqlite:/tmp/x.db');
    assert.equal(resolveCredential('env:SHOP_DB', '--connection', { SHOP_DB: 'postgres://u:p@h/db' }), 'postgres://u:p@h/db');
    assert.throws(() => resolveCredential('env:SHOP_DB', '--connection', {}), /--connection: names the environment variable SHOP_DB, which is not set/);
  });

  it('reads secret:NAME from a NAME=value file or a JSON object, skipping comments and blank lines', () => {
    const lines = file('lines', '# shop\n\nSHOP_DB = mysql://dsr:p=w@db/shop\nQUOTED="a b"\n');
    assert.equal(resolveCredential('secret:SHOP_DB', '--connection', { TRUSTROOM_SECRETS_FILE: lines }), 'mysql://dsr:p=w@db/shop');
    assert.equal(resolveCredential('secret:QUOTED', 'x', { TRUSTROOM_SECRETS_FILE: lines }), 'a b');
    const json = file('secrets.json', JSON.stringify({ API_TOKEN: 'Bearer abc' }));
    assert.equal(resolveCredential('secret:API_TOKEN', 'headers.Authorization', { TRUSTROOM_SECRETS_FILE: json }), 'Bearer abc');
  });

  it('refuses a secrets file other users can read, an unknown name and a bad line, never printing a value', () => {
    const open = file('open', 'SHOP_DB=mysql://dsr:Sup3rSecret@db/shop\n', 0o644);
    assert.throws(() => resolveCredential('secret:SHOP_DB', '--connection', { TRUSTROOM_SECRETS_FILE: open }), /TRUSTROOM_SECRETS_FILE: names a file every user of the machine can read \(mode 644\): make it private with chmod 600/);
    const ok = file('ok', 'SHOP_DB=mysql://dsr:Sup3rSecret@db/shop\nthis line has Sup3rSecret but no name\n');
    assert.throws(() => resolveCredential('secret:SHOP_DB', '--connection', { TRUSTROOM_SECRETS_FILE: ok }), (e: Error) => {
      assert.match(e.message, /TRUSTROOM_SECRETS_FILE: line 2 must be NAME=value/);
      assert.doesNotMatch(e.message, /Sup3rSecret/);
      return true;
    });
    const good = file('good', 'SHOP_DB=x\n');
    assert.throws(() => resolveCredential('secret:OTHER', '--connection', { TRUSTROOM_SECRETS_FILE: good }), /--connection: names the secret OTHER, which is not in the TRUSTROOM_SECRETS_FILE file/);
    assert.throws(() => resolveCredential('secret:SHOP_DB', '--connection', {}), /TRUSTROOM_SECRETS_FILE: is not set/);
  });

  it('without TRUSTROOM_SECRETS_FILE, reads secret:NAME from the file NAME in TRUSTROOM_SECRETS_DIR', () => {
    const secretsDir = join(dir, 'creds');
    mkdirSync(secretsDir, { mode: 0o700 });
    writeFileSync(join(secretsDir, 'shop-db.url'), 'postgres://dsr:pw@db/shop\n');
    assert.equal(resolveCredential('secret:shop-db.url', '--connection', { TRUSTROOM_SECRETS_DIR: secretsDir }), 'postgres://dsr:pw@db/shop');
    assert.throws(() => resolveCredential('secret:missing', '--connection', { TRUSTROOM_SECRETS_DIR: secretsDir }), /names the secret missing, whose file in the secrets directory cannot be read or is empty/);
  });
});
