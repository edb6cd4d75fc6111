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
    server = createServer((req, res) => {
      if (req.url === '/slow.md') {
        // 30 vendors, one every 100 ms: three seconds in all.
        res.setHeader('content-type', 'text/markdown');
        let n = 0;
        const timer = setInterval(() => {
          res.write(`- **Vendor ${++n}**: hosting in Germany\n`);
          if (n === 30) clearInterval(timer), res.end();
        }, 100);
        res.on('close', () => clearInterval(timer));
        return;
      }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<h1>Subprocessors</h1><table><tr><th>Vendor</th><th>Purpose</th><th>Region</th></tr><tr><td>AWS</td><td>Hosting</td><td>eu-west-1</td></tr></table>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/subprocessors.html`;
  });
  after(() => {
    server.closeAllConnections();
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

  it('exits 2 naming the time limit when a URL is cut off by it, printing no partial list', async () => {
    const slow = url.replace('/subprocessors.html', '/slow.md');
    const cut = await runTrustroom(['import', 'subprocessors', slow, '--dry-run', '--json', '--allow-private', '--timeout', '1'], env());
    assert.equal(cut.code, 2);
    assert.match(cut.stderr, /source: the response from host '127\.0\.0\.1' was cut off by the 1 s time limit after \d+ bytes; nothing was imported/);
    assert.equal(cut.stdout, '');
    const bad = await runTrustroom(['import', 'subprocessors', slow, '--dry-run', '--allow-private', '--timeout', 'soon'], env());
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /timeout: must be a number of seconds from 0\.1 to 600/);
    const whole = await runTrustroom(['import', 'subprocessors', slow, '--dry-run', '--json', '--allow-private', '--timeout', '20'], env());
    assert.equal(whole.code, 0, whole.stderr);
    assert.equal(JSON.parse(whole.stdout).records.length, 30);
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
