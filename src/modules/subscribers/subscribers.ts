/**
 * People who asked to hear about changes to a workspace's sub-processor list (CH2): types, the
 * subscription form's input parsing and the confirmation link's lifetime. No I/O.
 */
import type { Row } from '../../db/schema.ts';
import type { Actor } from '../../shared/deps.ts';
import { InputReader } from '../../shared/input.ts';

export type SubscriberStatus = Row<'subscribers'>['status'];

export const SUBSCRIBER_STATUSES: readonly SubscriberStatus[] = ['pending', 'confirmed', 'unsubscribed'];

/** How long a confirmation link works, counted from the (latest) subscription request. */
export const CONFIRM_TTL_DAYS = 7;

/**
 * Who acts when the public subscribes, confirms or unsubscribes: never the address itself, which
 * would put personal data into the hash-chained (unerasable) audit log.
 */
export const SUBSCRIBER_ACTOR: Actor = { type: 'system', id: null, label: 'subscriber' };

export interface SubscribeInput {
  /** Trimmed and lower-cased, so one mailbox is one subscriber. */
  email: string;
  /** Service slugs; [] = all. */
  services: string[];
  /** Region slugs; [] = all. */
  regions: string[];
}

/**
 * Addresses a browser's `<input type="email">` accepts (WHATWG), with a dot in the domain. Stricter
 * than the registry's pattern on purpose: no quotes, commas, angle brackets or spaces, so the value
 * can only ever name one recipient.
 */
export const SUBSCRIBER_EMAIL_PATTERN = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/**
 * Reads the form or JSON body of a subscription. Filters must be slugs of `known` (the
 * workspace's services and regions); one error names every bad field.
 */
export function parseSubscribeInput(raw: unknown, known: { services: string[]; regions: string[] }): SubscribeInput {
  const r = new InputReader(raw);
  const email = r.text('email', { required: true, max: 254, pattern: SUBSCRIBER_EMAIL_PATTERN, patternMessage: 'must be an e-mail address, like name@example.com' });
  const oneOf = (allowed: string[]) => (s: string) => (allowed.includes(s) ? s : null);
  return r.done({
    email: email === null ? '' : email.toLowerCase(),
    services: r.list('services', { each: oneOf(known.services), eachMessage: 'is not a service of this list', max: 100 }),
    regions: r.list('regions', { each: oneOf(known.regions), eachMessage: 'is not a hosting region of this list', max: 100 }),
  });
}

/** What the console shows of a subscriber. */
export interface SubscriberView {
  id: string;
  email: string;
  status: SubscriberStatus;
  services: string[];
  regions: string[];
  createdAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
}

export const toSubscriberView = (s: Row<'subscribers'>): SubscriberView => ({
  id: s.id, email: s.email, status: s.status, services: JSON.parse(s.services), regions: JSON.parse(s.regions),
  createdAt: s.created_at, confirmedAt: s.confirmed_at, unsubscribedAt: s.unsubscribed_at,
});

/**
 * What the audit log keeps of a subscriber: no address. The id links the event to the row while it
 * exists; once an operator removes the row, nothing in the chain identifies the person.
 */
export const auditViewOf = (s: Pick<Row<'subscribers'>, 'id' | 'status' | 'services' | 'regions'>) => ({
  id: s.id, status: s.status, services: JSON.parse(s.services) as string[], regions: JSON.parse(s.regions) as string[],
});

/** Whether a confirmation link asked for at `requestedAt` has lapsed at `now`. */
export const isConfirmLinkExpired = (requestedAt: string, now: Date): boolean =>
  now.getTime() - Date.parse(requestedAt) > CONFIRM_TTL_DAYS * 24 * 60 * 60 * 1000;
