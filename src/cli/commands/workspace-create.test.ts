import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runTrustroom } from '../../../test/cli.ts';

describe('trustroom workspace create', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trustroom-ws-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const env = () => ({ TRUSTROOM_DATA_DIR: dir });

  it('derives the slug from the name when --slug is left out, and adds -2 when it is taken', async () => {
    const first = await runTrustroom(['workspace', 'create', '--name', 'Société Générale'], env());
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout, 'workspace societe-generale created\n');
    const second = await runTrustroom(['workspace', 'create', '--name', 'Societe generale'], env());
    assert.equal(second.stdout, 'workspace societe-generale-2 created\n');
  });

  it('still checks an explicit slug and exits 2 naming it', async () => {
    const bad = await runTrustroom(['workspace', 'create', '--slug', 'Not A Slug', '--name', 'Acme'], env());
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /slug/);
  });
});
