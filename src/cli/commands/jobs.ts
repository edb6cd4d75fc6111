import pino from 'pino';
import { createBackground } from '../../background.ts';
import { loadAuditKey } from '../../modules/audit/audit-key.ts';
import { countJobs } from '../../modules/jobs/job-status.queries.ts';
import { loadConfig } from '../../shared/config.ts';
import { withDb } from '../open-db.ts';

/** Counts of jobs by kind and status, with the next due time of pending ones. */
export async function jobsStatusCommand(opts: { json?: boolean }) {
  const counts = await withDb((deps) => countJobs(deps.db));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(counts)}\n`);
    return;
  }
  if (counts.length === 0) process.stdout.write('no jobs\n');
  for (const c of counts) process.stdout.write(`${c.kind.padEnd(28)} ${c.status.padEnd(10)} ${String(c.count).padStart(7)}${c.status === 'pending' && c.nextRunAt ? `  next ${c.nextRunAt}` : ''}\n`);
}

/**
 * Runs every job that is due now, then signs the audit chain heads that moved (when the key file
 * exists), then exits: for installations that run the web server with TRUSTROOM_WORKER=0 and
 * drive scheduled work from cron instead.
 */
export async function jobsRunCommand() {
  const config = loadConfig();
  const auditKey = loadAuditKey(config.auditKeyFile) ?? undefined;
  const ran = await withDb(async (deps) => {
    const background = createBackground(deps, config, pino({ level: config.logLevel === 'silent' ? 'silent' : 'warn' }), { auditKey });
    try {
      const done = await background.worker.drain();
      await background.signCheckpoints();
      return done;
    } finally {
      await background.stop();
    }
  });
  process.stdout.write(`ran ${ran} due ${ran === 1 ? 'job' : 'jobs'}\n`);
}
