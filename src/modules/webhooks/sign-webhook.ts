/**
 * The webhook signature scheme (docs/webhooks.md): HMAC-SHA256 over `<timestamp>.<body>` with the
 * endpoint's secret, sent with the event name, the delivery id and the timestamp. The timestamp is
 * signed too, so a captured request cannot be replayed later than the receiver's tolerance.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const EVENT_HEADER = 'Trustroom-Event';
export const DELIVERY_HEADER = 'Trustroom-Delivery';
export const TIMESTAMP_HEADER = 'Trustroom-Timestamp';
export const SIGNATURE_HEADER = 'Trustroom-Signature';

/** The event types a receiver may get (the `type` of the body and the Trustroom-Event header). */
export const WEBHOOK_EVENTS = [
  'change.announced', 'change.in_effect', 'change.withdrawn', 'objection.received', 'objection.resolved', 'consent.recorded', 'test',
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** Hex HMAC-SHA256 of `<timestamp>.<body>` under `secret` (a string body is hashed as UTF-8). */
export function webhookSignature(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * The four Trustroom-* headers of one delivery attempt. `now` is the attempt's time: every retry
 * is signed afresh with its own timestamp over the same body.
 * @example signWebhook({ secret, event: 'test', deliveryId, body, now: clock.now() })
 */
export function signWebhook(o: { secret: string; event: string; deliveryId: string; body: string; now: Date }): Record<string, string> {
  const timestamp = Math.floor(o.now.getTime() / 1000);
  return {
    [EVENT_HEADER]: o.event,
    [DELIVERY_HEADER]: o.deliveryId,
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: `v1=${webhookSignature(o.secret, timestamp, o.body)}`,
  };
}

export type WebhookVerification = { ok: true; timestamp: number } | { ok: false; reason: 'missing_header' | 'bad_timestamp' | 'too_old' | 'bad_signature' };

/** Header lookup that accepts node:http's lower-cased headers, a Fetch Headers object or a plain record. */
function header(headers: Headers | Record<string, string | string[] | undefined>, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const found = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  const v = found === undefined ? undefined : record[found];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * For receivers: checks a delivery's signature against the raw body (the exact bytes received, not
 * re-serialised JSON), in constant time, and refuses timestamps further than `toleranceSeconds`
 * from `now` in either direction. Several `v1=` values (comma separated) may be sent; one must match.
 * @example verifyWebhookSignature(secret, req.headers, rawBody).ok
 */
export function verifyWebhookSignature(
  secret: string, headers: Headers | Record<string, string | string[] | undefined>, body: string | Buffer,
  opts: { toleranceSeconds?: number; now?: Date } = {},
): WebhookVerification {
  const tsText = header(headers, TIMESTAMP_HEADER);
  const sigText = header(headers, SIGNATURE_HEADER);
  if (!tsText || !sigText) return { ok: false, reason: 'missing_header' };
  if (!/^\d{1,12}$/.test(tsText.trim())) return { ok: false, reason: 'bad_timestamp' };
  const timestamp = Number(tsText.trim());
  const now = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (opts.toleranceSeconds ?? 300)) return { ok: false, reason: 'too_old' };
  const expected = Buffer.from(webhookSignature(secret, timestamp, body), 'hex');
  const candidates = sigText.split(',').map((s) => s.trim()).filter((s) => s.startsWith('v1=')).map((s) => s.slice(3));
  const matches = candidates.some((hex) => {
    if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
    return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
  });
  return matches ? { ok: true, timestamp } : { ok: false, reason: 'bad_signature' };
}
