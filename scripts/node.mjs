#!/usr/bin/env node
// Runs a script on a Node that Trustroom supports. Plain JavaScript on purpose: this file must run on
// the old Node a fresh machine ships (20), find or fetch Node 24 from the npm registry, and hand over.
// Usage: node scripts/node.mjs <script> [args…]     (the script may be .ts: Node 24 strips types)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FLOOR = [22, 12];
const FETCHED_MAJOR = 24;

function versionOf(text) {
  const m = /^v?(\d+)\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2])] : [0, 0];
}
function atLeast([a, b], [c, d]) {
  return a > c || (a === c && b >= d);
}
function stripsTypesByDefault(v) {
  return atLeast(v, [22, 18]);
}

/** The path of a Node binary >= 22.12: this process's own, TRUSTROOM_NODE, or Node 24 from npm. */
export function supportedNode() {
  if (atLeast(versionOf(process.version), FLOOR)) return process.execPath;
  const override = process.env.TRUSTROOM_NODE;
  if (override) return override;
  const platform = process.platform === 'win32' ? 'win' : process.platform;
  const pkg = `node-${platform}-${process.arch}`;
  const prefix = join(ROOT, '.tools', `node${FETCHED_MAJOR}`);
  const bin = join(prefix, 'node_modules', pkg, 'bin', platform === 'win' ? 'node.exe' : 'node');
  if (!existsSync(bin)) {
    process.stderr.write(
      `trustroom: Node ${process.version} is older than ${FLOOR.join('.')}; ` +
        `fetching ${pkg}@${FETCHED_MAJOR} from the npm registry into .tools/ (once)…\n`,
    );
    mkdirSync(prefix, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(
      npm,
      ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${FETCHED_MAJOR}`],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (r.status !== 0 || !existsSync(bin)) {
      process.stderr.write(`trustroom: could not fetch ${pkg}@${FETCHED_MAJOR}; install Node >= ${FLOOR.join('.')} and retry.\n`);
      process.exit(1);
    }
  }
  return bin;
}

/** Flags the chosen Node needs to run .ts files (only Node 22.12–22.17 needs one). */
export function nodeFlags(bin) {
  const v = bin === process.execPath ? versionOf(process.version) : versionOf(spawnSync(bin, ['--version']).stdout.toString());
  return stripsTypesByDefault(v) ? [] : ['--experimental-strip-types', '--no-warnings=ExperimentalWarning'];
}

/** Runs `args` on a supported Node; in this process when possible, else as a child forwarding signals. */
export async function runOnSupportedNode(args) {
  const bin = supportedNode();
  if (bin === process.execPath && stripsTypesByDefault(versionOf(process.version)) && args[0] && !args[0].startsWith('-')) {
    process.argv = [process.execPath, resolve(args[0]), ...args.slice(1)];
    await import(pathToFileURL(resolve(args[0])).href);
    return;
  }
  const child = spawn(bin, [...nodeFlags(bin), ...args], { stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.length < 3) {
    process.stderr.write('usage: node scripts/node.mjs <script> [args…]\n');
    process.exit(2);
  }
  await runOnSupportedNode(process.argv.slice(2));
}
