/**
 * A throwaway MariaDB server for the MySQL/MariaDB connector tests: mariadb-install-db into a
 * temporary folder, mariadbd on a free 127.0.0.1 port with its socket in that folder, stopped and
 * removed by `stop()`. A user with a random password is created by an init file at start-up, so
 * the tests log in with a user and password as an operator would (no --skip-grant-tables). As root
 * the server runs as the `mysql` user. With CI=true a missing MariaDB fails instead of skipping.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';

const CI = process.env.CI === 'true' || process.env.CI === '1';

function which(names: string[], dirs: string[]): string | undefined {
  const path = (process.env.PATH ?? '').split(':').filter(Boolean);
  for (const n of names) for (const d of [...path, ...dirs]) if (existsSync(join(d, n))) return join(d, n);
  return undefined;
}

/** The server and install binaries, or undefined when MariaDB (or MySQL's mysqld) is not installed. */
export function mariadbBinaries(): { server: string; install: string } | undefined {
  const server = which(['mariadbd', 'mysqld'], ['/usr/sbin', '/usr/libexec']);
  const install = which(['mariadb-install-db', 'mysql_install_db'], ['/usr/bin', '/usr/sbin']);
  return server && install ? { server, install } : undefined;
}

/** A `describe` skip value: false to run, else the reason (never a skip with CI=true: the suite fails). */
export function mariadbSkip(): string | false {
  if (mariadbBinaries() || CI) return false;
  return 'MariaDB server binaries (mariadbd, mariadb-install-db) not found: install mariadb-server to run these tests';
}

export interface MariadbServer {
  /** `mysql://user:password@127.0.0.1:port/` + database. */
  url(database: string): string;
  /** Creates an empty database; returns its URL. */
  createDatabase(name: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
    s.on('error', rej);
  });

/** Starts a fresh server; throws (naming the missing package) when MariaDB is not installed. */
export async function startMariadb(): Promise<MariadbServer> {
  const bins = mariadbBinaries();
  if (!bins) throw new Error('MariaDB server binaries (mariadbd, mariadb-install-db) not found; .ci/run installs them with apt-get install -y mariadb-server');
  const dir = mkdtempSync(join(tmpdir(), 'trustroom-maria-'));
  const asRoot = userInfo().uid === 0;
  // mariadbd refuses to run as root; the folder must then belong to the user it runs as.
  const userArgs = asRoot ? ['--user=mysql'] : [];
  if (asRoot) {
    chmodSync(dir, 0o700);
    spawnSync('chown', ['mysql:', dir]);
  }
  const data = join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  let child: ChildProcess | undefined;
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  try {
    const inst = spawnSync(bins.install, ['--no-defaults', `--datadir=${data}`, ...userArgs, '--auth-root-authentication-method=socket', '--skip-test-db'], { encoding: 'utf8' });
    if (inst.status !== 0) throw new Error(`mariadb-install-db failed: ${inst.stderr || inst.stdout}`);
    const init = join(dir, 'init.sql');
    writeFileSync(init, `CREATE USER 'trustroom'@'127.0.0.1' IDENTIFIED BY '${password}';\nGRANT ALL PRIVILEGES ON *.* TO 'trustroom'@'127.0.0.1';\n`, { mode: 0o600 });
    if (asRoot) spawnSync('chown', ['mysql:', init]);
    const port = await freePort();
    const args = [
      '--no-defaults', `--datadir=${data}`, ...userArgs, `--socket=${join(dir, 'sock')}`, `--port=${port}`, '--bind-address=127.0.0.1',
      `--pid-file=${join(dir, 'pid')}`, `--log-error=${join(dir, 'error.log')}`, `--tmpdir=${dir}`, `--init-file=${init}`,
      '--innodb-buffer-pool-size=32M', '--innodb-flush-log-at-trx-commit=0', '--skip-log-bin', '--character-set-server=utf8mb4',
    ];
    const proc = spawn(bins.server, args, { stdio: 'ignore' });
    child = proc;
    let exited = false;
    proc.on('exit', () => (exited = true));
    const base = `mysql://trustroom:${password}@127.0.0.1:${port}/`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const c = await mysql.createConnection({ uri: base });
        await c.end();
        break;
      } catch (e) {
        const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8').slice(-2000) : '';
        if (exited || Date.now() > deadline) throw new Error(`mariadbd did not start: ${(e as Error).message}\n${log}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const admin = async <T>(fn: (c: mysql.Connection) => Promise<T>) => {
      const c = await mysql.createConnection({ uri: base });
      try {
        return await fn(c);
      } finally {
        await c.end();
      }
    };
    return {
      url: (database) => `${base}${database}`,
      createDatabase: async (name) => {
        await admin((c) => c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`));
        return `${base}${name}`;
      },
      dropDatabase: async (name) => {
        await admin((c) => c.query(`DROP DATABASE IF EXISTS \`${name}\``));
      },
      stop: async () => {
        if (!exited) {
          await new Promise<void>((res) => {
            const force = setTimeout(() => proc.kill('SIGKILL'), 10_000);
            proc.once('exit', () => {
              clearTimeout(force);
              res();
            });
            proc.kill('SIGTERM');
          });
        }
        cleanUp();
      },
    };
  } catch (e) {
    child?.kill('SIGKILL');
    cleanUp();
    throw e;
  }
}

/**
 * One server shared by a test file, started on first use; call `stop` in a top-level `after`.
 * @example const maria = sharedMariadb(); after(() => maria.stop());
 */
export function sharedMariadb(): { server(): Promise<MariadbServer>; stop(): Promise<void> } {
  let started: Promise<MariadbServer> | undefined;
  return {
    server: () => (started ??= startMariadb()),
    stop: async () => {
      if (started) await (await started.catch(() => undefined))?.stop();
    },
  };
}
