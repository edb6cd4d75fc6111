/**
 * The `webhook.deliver` job: one signed POST of a stored delivery to its endpoint. Each try is a
 * webhook_attempts row; a non-2xx answer or a network failure throws, and the job worker tries
 * again later (exponential backoff) until its last attempt, when markDeliveryFailed runs.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type Deps, inTransaction } from '../../shared/deps.ts';
import { newId } from '../../shared/ids.ts';
import { pinnedLookup, type ResolveHost, vetHost } from '../../shared/public-address.ts';
import { signWebhook } from './sign-webhook.ts';

export const WEBHOOK_TIMEOUT_MS = 10_000;
export const WEBHOOK_USER_AGENT = 'Trustroom-Webhooks/1';

export interface DeliverOptions {
  /** TRUSTROOM_ALLOW_PRIVATE_WEBHOOKS: lets deliveries reach loopback, private and link-local addresses. */
  allowPrivate: boolean;
  /** For the whole try: DNS, connecting, sending, and the response's status line. 10 s by default. */
  timeoutMs?: number;
  resolve?: ResolveHost;
}

interface Outcome {
  statusCode: number | null;
  /** Safe to store: names the host at most, never a path or query string (they may hold secrets). */
  error: string | null;
}

const isSuccess = (status: number | null) => status !== null && status >= 200 && status <= 299;

/**
 * Delivers one stored webhook. Idempotent per the job contract: a delivery that is no longer
 * pending is left alone. A crash between the receiver's answer and the database update sends the
 * same delivery again; receivers drop repeats by the Trustroom-Delivery header.
 */
export async function deliverWebhook(deps: Deps, deliveryId: string, opts: DeliverOptions): Promise<void> {
  const d = await deps.db.selectFrom('webhook_deliveries as d').innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select(['d.id', 'd.event', 'd.body', 'd.status', 'd.attempts', 'e.url', 'e.secret', 'e.active'])
    .where('d.id', '=', deliveryId).executeTakeFirst();
  if (!d || d.status !== 'pending') return;
  if (d.active !== 1) {
    await deps.db.updateTable('webhook_deliveries').set({ status: 'failed', last_error: 'the endpoint was deactivated before delivery' })
      .where('id', '=', deliveryId).where('status', '=', 'pending').execute();
    return;
  }
  const at = deps.clock.now();
  const started = performance.now();
  const headers = signWebhook({ secret: d.secret, event: d.event, deliveryId: d.id, body: d.body, now: at });
  const outcome = await post(d.url, d.body, headers, opts);
  const durationMs = Math.round(performance.now() - started);
  const delivered = isSuccess(outcome.statusCode);
  const attempt = d.attempts + 1;
  await inTransaction(deps, async (tx) => {
    await tx.db.insertInto('webhook_attempts').values({
      id: newId(), delivery_id: d.id, attempt, at: at.toISOString(), status_code: outcome.statusCode, error: outcome.error, duration_ms: durationMs,
    }).execute();
    await tx.db.updateTable('webhook_deliveries').set({
      attempts: attempt, last_status_code: outcome.statusCode, last_error: outcome.error,
      ...(delivered ? { status: 'delivered' as const, delivered_at: at.toISOString() } : {}),
    }).where('id', '=', d.id).execute();
  });
  if (!delivered) throw new Error(outcome.error ?? `HTTP ${outcome.statusCode}`);
}

/** After the last attempt: the delivery shows as failed in the log, with the last error. */
export async function markDeliveryFailed(deps: Deps, deliveryId: string, error: string): Promise<void> {
  await deps.db.updateTable('webhook_deliveries').set({ status: 'failed', last_error: error })
    .where('id', '=', deliveryId).where('status', '=', 'pending').execute();
}

/** One POST to a vetted, pinned address; resolves with the status code or a safe error, never throws. */
async function post(endpointUrl: string, body: string, signed: Record<string, string>, opts: DeliverOptions): Promise<Outcome> {
  let url: URL;
  try {
    url = new URL(endpointUrl);
  } catch {
    return { statusCode: null, error: 'the endpoint URL is invalid' };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  // dns.lookup cannot be cancelled, so the deadline races it.
  const deadline = new Promise<never>((_, reject) => controller.signal.addEventListener('abort', () => reject(new Error('deadline')), { once: true }));
  deadline.catch(() => {});
  try {
    const vetted = await Promise.race([vetHost(host, opts), deadline]);
    if (!vetted.ok) {
      return vetted.reason === 'private'
        ? { statusCode: null, error: `refused private address for host '${url.hostname}' (TRUSTROOM_ALLOW_PRIVATE_WEBHOOKS=1 allows it)` }
        : { statusCode: null, error: `host '${url.hostname}' not found` };
    }
    const payload = Buffer.from(body, 'utf8');
    const statusCode = await new Promise<number>((resolve, reject) => {
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)({
        protocol: url.protocol,
        hostname: host, // Host header and TLS SNI / certificate check use the name, not the address
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: {
          'content-type': 'application/json', 'content-length': String(payload.length), 'user-agent': WEBHOOK_USER_AGENT, ...signed,
        },
        lookup: pinnedLookup(vetted.addresses),
        agent: false, // no pooled sockets: every try connects to its own vetted address
        signal: controller.signal,
      });
      req.once('response', (res) => {
        resolve(res.statusCode ?? 0);
        // The body is never read nor stored: it could hold anything.
        res.destroy();
      });
      req.on('error', reject); // stays attached: destroying the response may still error the request
      req.end(payload);
    });
    if (isSuccess(statusCode)) return { statusCode, error: null };
    const redirect = statusCode >= 300 && statusCode <= 399 ? ' (redirects are not followed)' : '';
    return { statusCode, error: `HTTP ${statusCode}${redirect}` };
  } catch (e) {
    if (controller.signal.aborted) return { statusCode: null, error: `no answer from host '${url.hostname}' within ${timeoutMs / 1000} s` };
    const code = (e as NodeJS.ErrnoException | null)?.code ?? 'network error';
    return { statusCode: null, error: `could not deliver to host '${url.hostname}' (${code})` };
  } finally {
    clearTimeout(timer);
  }
}
