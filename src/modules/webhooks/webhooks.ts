/**
 * Webhooks per customer (CH2): endpoint input rules and the delivery statuses. No I/O.
 *
 * URL rule: https, except plain http to a loopback host (localhost, 127.0.0.0/8, ::1) for local
 * development. No user name or password (they would show in lists and the audit log) and no
 * fragment (never sent). Where a URL may point is checked at every delivery, not here: a name's
 * addresses can change after it is added, and private, loopback, link-local and metadata
 * destinations are refused then unless TRUSTROOM_ALLOW_PRIVATE_WEBHOOKS=1.
 */
import { isIP } from 'node:net';
import { InputReader } from '../../shared/input.ts';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const WEBHOOK_URL_MAX = 2000;
export const DELIVERIES_PAGE_DEFAULT = 100;
export const DELIVERIES_PAGE_MAX = 500;

export interface WebhookEndpointInput {
  url: string;
}

/** True for `localhost` and loopback literals: where plain http is accepted (development). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** The problem with `text` as a webhook URL, or null when it is acceptable. */
export function webhookUrlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute https URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an absolute https URL';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return 'must use https (plain http only to localhost, for development)';
  if (url.username || url.password) return 'must not contain a user name or password';
  if (url.hash || text.includes('#')) return 'must not contain a fragment (#…)';
  return null;
}

/** Parses `{ url }` from JSON or a form; the URL is stored in its normalised form. */
export function parseWebhookEndpointInput(raw: unknown): WebhookEndpointInput {
  const r = new InputReader(raw);
  const text = r.text('url', { required: true, max: WEBHOOK_URL_MAX });
  const problem = text === null ? null : webhookUrlProblem(text);
  if (problem) r.problem('url', problem);
  return r.done({ url: text === null || problem ? '' : new URL(text).href });
}

/** Which deliveries a log shows: newest first, at most `limit`. */
export interface DeliveryFilter {
  status?: DeliveryStatus;
  customerId?: string;
  changeId?: string;
  endpointId?: string;
  /** DELIVERIES_PAGE_DEFAULT when omitted, at most DELIVERIES_PAGE_MAX. */
  limit?: number;
}

/** A delivery log filter from a query string (API or console); '' means no filter. */
export function parseDeliveryFilter(raw: unknown): DeliveryFilter {
  const r = new InputReader(raw);
  const status = r.choice('status', DELIVERY_STATUSES);
  const customerId = r.text('customerId', { max: 64 });
  const changeId = r.text('changeId', { max: 64 });
  const limitText = r.text('limit', { max: 9, pattern: /^[0-9]+$/, patternMessage: `must be a whole number from 1 to ${DELIVERIES_PAGE_MAX}` });
  const limit = limitText === null ? undefined : Number(limitText);
  if (limit !== undefined && (limit < 1 || limit > DELIVERIES_PAGE_MAX)) r.problem('limit', `must be a whole number from 1 to ${DELIVERIES_PAGE_MAX}`);
  return r.done({
    ...(status ? { status } : {}), ...(customerId ? { customerId } : {}), ...(changeId ? { changeId } : {}), ...(limit ? { limit } : {}),
  });
}

/**
 * A URL as it may appear in an error or a log line: scheme, host and port only. Paths and query
 * strings of webhook URLs often carry the receiver's own secrets (`/hooks/T0/B0/XXXX?token=…`).
 */
export function urlOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '[invalid URL]';
  }
}
