/**
 * Which addresses and host names Trustroom may connect to on a user's say-so (a URL import, a
 * webhook) without `allowPrivate`: only publicly routable unicast. Guards against SSRF (loopback
 * services, the LAN, cloud metadata), including DNS rebinding: resolve once, check every address,
 * then connect only to those addresses (pinnedLookup).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, isIPv4, isIPv6, type LookupFunction } from 'node:net';

/** IPv4 ranges that are not publicly routable unicast: [network, prefix length]. */
const BLOCKED_V4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network", incl. the unspecified 0.0.0.0
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, incl. the cloud metadata address 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast 255.255.255.255
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

const BLOCKED_V4_INT = BLOCKED_V4.map(([net, bits]) => [v4ToInt(net), bits] as const);

function isPublicV4(n: number): boolean {
  return !BLOCKED_V4_INT.some(([net, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(net / 2 ** (32 - bits)));
}

/** The eight 16-bit words of a valid IPv6 address (zone id dropped, dotted IPv4 tail expanded). */
function v6Words(ip: string): number[] {
  let s = ip.split('%')[0];
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const n = v4ToInt(tail);
    s = `${s.slice(0, lastColon + 1)}${Math.floor(n / 0x10000).toString(16)}:${(n % 0x10000).toString(16)}`;
  }
  const [head, rest] = s.split('::');
  const left = head ? head.split(':') : [];
  const right = rest ? rest.split(':') : [];
  const zeros = rest === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((w) => parseInt(w, 16));
}

function isPublicV6(w: number[]): boolean {
  const v4At = (i: number) => w[i] * 0x10000 + w[i + 1];
  const zeroFrom = (from: number, to: number) => w.slice(from, to).every((x) => x === 0);
  // Forms that carry an IPv4 address are judged by that address.
  if (zeroFrom(0, 5) && w[5] === 0xffff) return isPublicV4(v4At(6)); // ::ffff:a.b.c.d (IPv4-mapped)
  if (w[0] === 0x64 && w[1] === 0xff9b && zeroFrom(2, 6)) return isPublicV4(v4At(6)); // 64:ff9b::/96 (NAT64)
  if (w[0] === 0x2002) return isPublicV4(v4At(1)); // 2002::/16 (6to4)
  // Everything else outside global unicast 2000::/3 is not public: ::, ::1, ::a.b.c.d, fc00::/7,
  // fe80::/10, fec0::/10, ff00::/8, 64:ff9b:1::/48, 100::/64 …
  if ((w[0] & 0xe000) !== 0x2000) return false;
  if (w[0] === 0x2001 && w[1] < 0x0200) return false; // 2001::/23 protocol assignments, incl. Teredo
  if (w[0] === 0x2001 && w[1] === 0x0db8) return false; // documentation
  if (w[0] === 0x3fff && w[1] < 0x1000) return false; // 3fff::/20 documentation
  return true;
}

/**
 * True when `ip` is a publicly routable unicast address; false for loopback, private, link-local,
 * unspecified, CGNAT, multicast, reserved and documentation ranges (IPv4 or IPv6, including IPv4
 * inside IPv6 such as `::ffff:127.0.0.1`), and for anything that is not an IP address at all.
 * @example isPublicAddress('93.184.216.34') // true
 * @example isPublicAddress('::ffff:127.0.0.1') // false
 */
export function isPublicAddress(ip: string): boolean {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (isIPv4(bare)) return isPublicV4(v4ToInt(bare));
  if (isIPv6(bare)) return isPublicV6(v6Words(bare));
  return false;
}

/**
 * True for host names that only ever mean something inside a network (cloud metadata services,
 * `.internal`, `.local`, `*.localhost`, `home.arpa`), refused before any DNS query. Bare `localhost`
 * is left to the address check, which refuses it by what it resolves to.
 */
export function isInternalHostName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'metadata' || /\.(internal|local|localhost|home\.arpa)$/.test(name);
}

/** Resolves a host name to all its addresses (`dns.lookup(host, { all: true })` by default). */
export type ResolveHost = (host: string) => Promise<LookupAddress[]>;

export const resolveWithDns: ResolveHost = (host) =>
  new Promise((resolve, reject) => dnsLookup(host, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/** What vetting a host gave: the addresses to connect to, or why there are none. */
export type VettedHost =
  | { ok: true; addresses: LookupAddress[] }
  | { ok: false; reason: 'private'; address?: string }
  | { ok: false; reason: 'not_found'; cause?: unknown };

/**
 * Resolves `host` (a name or an IP literal, IPv6 without brackets) once and checks every address:
 * refused when ANY is not public (a mixed answer is how rebinding attacks start), or when the name
 * is internal, unless `allowPrivate`. Connect only to the returned addresses (pinnedLookup).
 * @example const v = await vetHost(url.hostname.replace(/^\[(.*)\]$/, '$1'), { allowPrivate: false })
 */
export async function vetHost(host: string, opts: { allowPrivate: boolean; resolve?: ResolveHost }): Promise<VettedHost> {
  const family = isIP(host);
  if (family) {
    if (!opts.allowPrivate && !isPublicAddress(host)) return { ok: false, reason: 'private', address: host };
    return { ok: true, addresses: [{ address: host, family }] };
  }
  if (!opts.allowPrivate && isInternalHostName(host)) return { ok: false, reason: 'private' };
  let addresses: LookupAddress[];
  try {
    addresses = await (opts.resolve ?? resolveWithDns)(host);
  } catch (cause) {
    return { ok: false, reason: 'not_found', cause };
  }
  if (addresses.length === 0) return { ok: false, reason: 'not_found' };
  const bad = opts.allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address));
  if (bad) return { ok: false, reason: 'private', address: bad.address };
  return { ok: true, addresses };
}

/**
 * A `lookup` for http(s).request that only ever answers with already vetted addresses, so a second
 * DNS answer cannot swap them. Use it with `agent: false` (no pooled sockets from other lookups).
 * @example httpRequest({ hostname, lookup: pinnedLookup(v.addresses), agent: false })
 */
export function pinnedLookup(addresses: LookupAddress[]): LookupFunction {
  return (_host, options, callback) => {
    const fitting = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
    const list = fitting.length ? fitting : addresses;
    if (options.all) callback(null, list);
    else callback(null, list[0].address, list[0].family);
  };
}
