import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runTrustroom } from '../../../test/cli.ts';

const SEED = fileURLToPath(new URL('../../modules/import/fixtures/seeds/003-cloudblue.txt', import.meta.url));

describe('trustroom import subprocessors', () => {
  let dir: string;
  let server: Server;
  let url: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trustroom-import-'));
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<h1>Subprocessors</h1><table><tr><th>Vendor</th><th>Purpose</th><th>Region</th></tr><tr><td>AWS</td><td>Hosting</td><td>eu-west-1</td></tr></table>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/subprocessors.html`;
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const env = () => ({ TRUSTROOM_DATA_DIR: dir });

  it('prints exactly one JSON object with records and warnings on --dry-run --json', async () => {
    const r = await runTrustroom(['import', 'subprocessors', SEED, '--dry-run', '--json'], env());
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const out = JSON.parse(lines[0]);
    assert.deepEqual(Object.keys(out), ['records', 'warnings']);
    assert.equal(out.records.length, 16);
    assert.deepEqual(out.records[3].countries, ['US', 'CA']);
  });

  it('exits 2 with a message saying what was wrong for unreadable input', async () => {
    const missing = await runTrustroom(['import', 'subprocessors', join(dir, 'nope.md'), '--dry-run', '--json'], env());
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /source: .*not found/);
    assert.equal(missing.stdout, '');
    const empty = join(dir, 'empty.md');
    writeFileSync(empty, '\n\n');
    const r = await runTrustroom(['import', 'subprocessors', empty, '--dry-run'], env());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /source: the document is empty/);
    const noWorkspace = await runTrustroom(['import', 'subprocessors', SEED], env());
    assert.equal(noWorkspace.code, 2);
    assert.match(noWorkspace.stderr, /workspace: is required/);
  });

  it('refuses a URL on a private address unless --allow-private is given', async () => {
    const refused = await runTrustroom(['import', 'subprocessors', url, '--dry-run', '--json'], env());
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /private address.*--allow-private/);
    const ok = await runTrustroom(['import', 'subprocessors', url, '--dry-run', '--json', '--allow-private'], env());
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout).records.map((x: { name: string; countries: string[] }) => [x.name, x.countries]), [['AWS', ['IE']]]);
  });

  it('imports into an empty workspace, then drafts a second import for review', async () => {
    assert.equal((await runTrustroom(['workspace', 'create', '--slug', 'cb', '--name', 'CloudBlue'], env())).code, 0);
    const first = await runTrustroom(['import', 'subprocessors', SEED, '--workspace', 'cb', '--json'], env());
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(JSON.parse(first.stdout).engagements, 16);
    const second = await runTrustroom(['import', 'subprocessors', SEED, '--workspace', 'cb', '--json'], env());
    assert.equal(JSON.parse(second.stdout).mode, 'draft');
  });
});
