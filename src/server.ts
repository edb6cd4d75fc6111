/**
 * Starting Trustroom: config → logger → database → migrations → first owner → (demo data) → HTTP.
 * Used by `trustroom serve`, `npm start`, `npm run demo` and the benchmarks.
 */
import type { FastifyInstance } from 'fastify';
import { createDb, type DbHandle, targetFromConfig } from './db/connect.ts';
import { migrateOrThrow } from './db/migrate.ts';
import { type Background, createBackground } from './background.ts';
import { buildApp } from './http/app.ts';
import { ensureOwner } from './modules/access/ensure-owner.ts';
import { ensureAuditKey } from './modules/audit/audit-key.ts';
import { loadDemoWorkspaces } from './modules/demo/load-demo-workspaces.ts';
import { ensurePackageKey } from './modules/requests/package/package-key.ts';
import { systemClock } from './shared/clock.ts';
import type { Config } from './shared/config.ts';
import type { Deps } from './shared/deps.ts';
import { createLogger } from './shared/logger.ts';

export interface RunningServer {
  app: FastifyInstance;
  handle: DbHandle;
  deps: Deps;
  background: Background;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: Config, opts: { demo?: boolean; print?: (line: string) => void } = {}): Promise<RunningServer> {
  const print = opts.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const logger = createLogger(config.logLevel);
  // Before the database: a bad key file stops the start (config error naming the variable).
  const { key: auditKey } = ensureAuditKey(config.auditKeyFile, print);
  const handle = createDb(targetFromConfig(config));
  await migrateOrThrow(handle.db);
  const deps: Deps = { db: handle.db, caps: handle.caps, clock: systemClock, publicUrl: config.publicUrl };
  const owner = await ensureOwner(deps, config.ownerEmail, { createWorkspace: !opts.demo });
  if (opts.demo) {
    const ownerId = owner?.userId ?? (await handle.db.selectFrom('users').select('id').where('is_instance_admin', '=', 1).orderBy('created_at').executeTakeFirst())?.id ?? null;
    const { created } = await loadDemoWorkspaces(deps, { ownerUserId: ownerId, dataDir: config.dataDir });
    if (created.length) print(`Demo: created example workspaces ${created.join(', ')} from public documents.`);
  }
  const background = createBackground(deps, config, logger, { auditKey, packageKey: ensurePackageKey(config.packageKeyFile).key });
  const app = await buildApp({ deps, config, logger, background, auditKey });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl.replace(/:\d+$/, `:${port}`);
  if (owner) {
    print(`First start: owner account ${config.ownerEmail} created. Sign in once with this link (valid 24 hours) and choose a password there.`);
    print(`  ${url}/admin/signin/link/${owner.secret}`);
  }
  // Printed last: scripts and tests wait for this line.
  print(`Trustroom is listening on ${url} (${handle.caps.dialect}${handle.target.kind === 'sqlite' ? `: ${handle.target.path}` : ''})`);
  if (config.worker) {
    background.worker.start();
    background.startCheckpoints();
  }
  const stop = async () => {
    await app.close();
    await background.stop();
    await handle.close();
  };
  return { app, handle, deps, background, url, stop };
}
