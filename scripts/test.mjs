#!/usr/bin/env node
// `npm test`: runs the whole suite on a supported Node, on SQLite and on a real PostgreSQL server
// that this script starts in a temporary folder (and stops), plus the browser tests in Chromium.
// Plain JavaScript: it must start on the machine's old Node. With CI=true a missing PostgreSQL or
// Chromium fails the run; elsewhere it is skipped with the reason printed.
// Options: --dialects sqlite,postgres   --only <file-or-glob> (repeatable)
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeFlags, supportedNode } from './node.mjs';
import { pgBinDir, startPostgres } from './postgres.mjs';

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
