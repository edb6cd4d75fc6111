/**
 * The job worker of a process and the job kinds it knows. Each module exports its handlers; this
 * file is the one place that names them all (a new job kind gets one line here).
 */
import type { Logger } from 'pino';
import { JobWorker, type GiveUpHandler, type JobHandler, type JobPrefetch } from './modules/jobs/job-worker.ts';
import { type CheckpointSweep, signAuditCheckpoints } from './modules/audit/audit-checkpoints.ts';
import type { AuditKey } from './modules/audit/audit-key.ts';
import { applyChange, settleCustomer } from './modules/changes/apply-change.ts';
import { APPLY_CHANGE_JOB, CONSENT_REMINDER_JOB, SETTLE_CUSTOMER_JOB } from './modules/changes/manage-changes.ts';
import { remindConsent } from './modules/changes/remind-consent.ts';
import { createMailer, type Mailer } from './modules/mail/mailer.ts';
import { SEND_EMAIL_JOB } from './modules/mail/enqueue-message.ts';
import { markMessageFailed, prefetchMessages, sendQueuedMessage } from './modules/mail/send-queued-message.ts';
import { deliverWebhook, markDeliveryFailed } from './modules/webhooks/deliver-webhook.ts';
import { DELIVER_WEBHOOK_JOB } from './modules/webhooks/enqueue-webhook-event.ts';
import { purgeAccessPackage } from './modules/requests/package/purge-access-package.ts';
import { PURGE_PACKAGE_JOB } from './modules/requests/package/store-access-package.ts';
import { RESUME_ERASURE_JOB } from './modules/requests/exemptions/legal-holds.ts';
import { FORWARD_JOB } from './modules/requests/forwarding/forward-request.ts';
import { FULFIL_INSTRUCTED_JOB, fulfilOnInstruction } from './modules/requests/forwarding/fulfil-on-instruction.ts';
import type { PackageKey } from './modules/requests/package/package-key.ts';
import { FORWARD_REMIND_JOB, remindForwarding, sendForwarding } from './modules/requests/forwarding/send-forwarding.ts';
import { resumeHeldErasures } from './modules/requests/exemptions/resume-held-erasures.ts';
import { releaseHeldNotices } from './modules/legal-demands/demand-notices.ts';
import { RELEASE_NOTICE_JOB } from './modules/legal-demands/legal-demands.ts';
import type { Config } from './shared/config.ts';
import type { Deps } from './shared/deps.ts';

export interface Background {
  worker: JobWorker;
  mailer: Mailer;
  /** Signs every workspace's audit chain head that moved, every `checkpointEveryMs` (needs `auditKey`). */
  startCheckpoints(): void;
  /** One checkpoint sweep now; null without a key. */
  signCheckpoints(): Promise<CheckpointSweep | null>;
  stop(): Promise<void>;
}

export interface BackgroundOptions {
  /** Overrides for tests: a fixed mailer, short backoff. */
  mailer?: Mailer;
  backoffMs?: (attempt: number) => number;
  pollMs?: number;
  /** The key signing audit checkpoints (serve loads it); without it no checkpoints are signed. */
  auditKey?: AuditKey;
  /** Interval of the checkpoint sweep; one minute by default. */
  checkpointEveryMs?: number;
  /** The access-package key (serve loads it): a customer's "fulfil" on an access request then builds the package. */
  packageKey?: PackageKey;
}

/** Builds the worker with every job kind; `start()` is the caller's choice (serve starts it). */
export function createBackground(deps: Deps, config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir' | 'jobLeaseMs' | 'allowPrivateWebhooks'>, logger: Logger, opts: BackgroundOptions = {}): Background {
  const mailer = opts.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outboxDir: `${config.dataDir}/outbox` });
  const handlers: Record<string, JobHandler> = {
    [SEND_EMAIL_JOB]: (job, prefetched) => sendQueuedMessage(deps, mailer, job.ref_id, prefetched),
    [APPLY_CHANGE_JOB]: (job) => applyChange(deps, job.ref_id),
    [SETTLE_CUSTOMER_JOB]: (job) => settleCustomer(deps, job.ref_id),
    [CONSENT_REMINDER_JOB]: (job) => remindConsent(deps, job.ref_id),
    [DELIVER_WEBHOOK_JOB]: (job) => deliverWebhook(deps, job.ref_id, { allowPrivate: config.allowPrivateWebhooks }),
    [PURGE_PACKAGE_JOB]: async (job) => void (await purgeAccessPackage(deps, job.ref_id)),
    [RESUME_ERASURE_JOB]: async (job) => void (await resumeHeldErasures(deps, job.ref_id)),
    [FORWARD_JOB]: (job) => sendForwarding(deps, job.ref_id),
    [FORWARD_REMIND_JOB]: (job) => remindForwarding(deps, job.ref_id),
    [RELEASE_NOTICE_JOB]: async (job) => void (await releaseHeldNotices(deps, job.ref_id)),
    [FULFIL_INSTRUCTED_JOB]: async (job) => void (await fulfilOnInstruction(deps, job.ref_id, { packageKey: opts.packageKey ?? null })),
  };
  // A fan-out's claimed messages are read in one query instead of one each.
  const prefetch: Record<string, JobPrefetch> = { [SEND_EMAIL_JOB]: (jobs) => prefetchMessages(deps, jobs) };
  const onGiveUp: Record<string, GiveUpHandler> = {
    [SEND_EMAIL_JOB]: (job, error) => markMessageFailed(deps, job.ref_id, error),
    [DELIVER_WEBHOOK_JOB]: (job, error) => markDeliveryFailed(deps, job.ref_id, error),
  };
  const worker = new JobWorker(deps, {
    handlers, onGiveUp, prefetch, leaseMs: config.jobLeaseMs, pollMs: opts.pollMs ?? 1000, ...(opts.backoffMs ? { backoffMs: opts.backoffMs } : {}),
    onError: (error, job) => logger.warn({ job: job ? { id: job.id, kind: job.kind, attempts: job.attempts } : null, err: error instanceof Error ? error.message : String(error) }, 'job failed'),
  });
  // A timer, not a job: the sweep is cheap when nothing moved, and each process running it is
  // harmless (a seq already signed is skipped).
  let timer: NodeJS.Timeout | null = null;
  let sweeping: Promise<CheckpointSweep | null> | null = null;
  const signCheckpoints = () => {
    if (!opts.auditKey) return Promise.resolve(null);
    sweeping ??= signAuditCheckpoints(deps, opts.auditKey)
      .then((r) => {
        if (r.refused.length) logger.warn({ workspaces: r.refused }, 'audit checkpoint refused: the chain no longer extends its last signed checkpoint (run trustroom audit verify)');
        return r;
      })
      .catch((error: unknown) => {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'audit checkpoint failed');
        return null;
      })
      .finally(() => (sweeping = null));
    return sweeping;
  };
  return {
    worker, mailer, signCheckpoints,
    startCheckpoints: () => {
      if (!opts.auditKey || timer) return;
      timer = setInterval(() => void signCheckpoints(), opts.checkpointEveryMs ?? 60_000);
      timer.unref();
      void signCheckpoints();
    },
    stop: async () => {
      if (timer) clearInterval(timer);
      timer = null;
      await worker.stop();
      await sweeping;
      mailer.close();
    },
  };
}
