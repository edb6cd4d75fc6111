#!/usr/bin/env node
// `npm test`: runs the whole suite on a supported Node, on SQLite and on a real PostgreSQL server
// that this script starts in a temporary folder (and stops), plus the browser tests in Chromium.
// Plain JavaScript: it must start on the machine's old Node. With CI=true a missing PostgreSQL or
// Chromium fails the run; elsewhere it is skipped with the reason printed.
// Options: --dialects sqlite,postgres   --only <file-or-glob> (repeatable)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeFlags, supportedNode } from './node.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CI = process.env.CI === 'true' || process.env.CI === '1';
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = args.flatMap((a, i) => (args[i - 1] === '--only' ? [a] : []));
let dialects = (opt('--dialects') ?? process.env.DB_DIALECTS ?? 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);

function fail(message) {
  process.stderr.write(`npm test: ${message}\n`);
  process.exit(1);
}

function pgBinDir() {
  const candidates = [];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {}
  if (existsSync('/usr/lib/postgresql')) {
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  }
  return candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
}

const freePort = () =>
  new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
    s.on('error', rej);
  });

/** initdb + pg_ctl start in a temp folder on a free loopback port; as root through `runuser -u postgres`. */
async function startPostgres(bin) {
  const dir = mkdtempSync(join(tmpdir(), 'trustroom-pg-'));
  const asRoot = userInfo().uid === 0;
  const run = (cmd, cmdArgs) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...cmdArgs]] : [join(bin, cmd), cmdArgs];
    const r = spawnSync(full[0], full[1], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  if (asRoot) {
    chmodSync(dir, 0o777);
    spawnSync('chown', ['postgres', dir]);
  }
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const conf = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  run('pg_ctl', ['-D', data, '-o', conf, '-l', join(dir, 'log'), '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const node = supportedNode();
const env = { ...process.env };
let pg = null;
if (dialects.includes('postgres')) {
  const bin = pgBinDir();
  if (!bin) {
    if (CI) fail('PostgreSQL server binaries (initdb, pg_ctl) not found; .ci/run installs them with apt-get install -y postgresql');
    process.stderr.write('npm test: PostgreSQL binaries not found — PostgreSQL suites are skipped (install postgresql to run them)\n');
    dialects = dialects.filter((d) => d !== 'postgres');
  } else {
    pg = await startPostgres(bin);
    env.TEST_PG_URL = pg.url;
  }
}
env.TEST_DIALECTS = dialects.join(',');
const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
if (chromium) env.TEST_CHROMIUM = chromium;
else if (CI) {
  pg?.stop();
  fail('Chromium not found; .ci/run installs it with apt-get install -y chromium');
} else process.stderr.write('npm test: Chromium not found — browser tests are skipped (install chromium to run them)\n');

// test/faults/ runs on its own (npm run test:faults): it kills processes and takes longer.
const patterns = only.length ? only : ['src/**/*.test.ts', 'test/*.test.ts'];
const child = spawn(node, [...nodeFlags(node), '--test', '--test-concurrency=2', '--test-timeout=120000', ...patterns], { cwd: ROOT, env, stdio: 'inherit' });
const stop = () => pg?.stop();
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
