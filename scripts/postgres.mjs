// A throwaway PostgreSQL server for `npm test` (scripts/test.mjs) and the benchmarks that need one
// (bench/dsr-access.ts): initdb in a temporary folder, started on a free loopback port, stopped and
// removed by `stop()`. As root it runs the server binaries through `runuser -u postgres`.
// Plain JavaScript: test.mjs must start on the machine's old Node.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** The folder holding initdb and pg_ctl (pg_config's, else the newest /usr/lib/postgresql/<v>/bin), or undefined. */
export function pgBinDir() {
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

/**
 * initdb + pg_ctl start in a temp folder on a free loopback port; as root through `runuser -u postgres`.
 * `settings` adds server settings (`-c name=value`), e.g. { shared_buffers: '1GB' }.
 */
export async function startPostgres(bin, { settings = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'trustroom-pg-'));
  const asRoot = userInfo().uid === 0;
  const run = (cmd, cmdArgs) => {
    const full = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...cmdArgs]] : [join(bin, cmd), cmdArgs];
    const r = spawnSync(full[0], full[1], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  try {
    if (asRoot) {
      chmodSync(dir, 0o777);
      spawnSync('chown', ['postgres', dir]);
    }
    const data = join(dir, 'data');
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    const port = await freePort();
    const extra = Object.entries(settings).map(([k, v]) => ` -c ${k}=${v}`).join('');
    const conf = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300${extra}`;
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
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
