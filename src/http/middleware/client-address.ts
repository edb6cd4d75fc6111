import type { TrustProxy } from '../../shared/config.ts';

/**
 * TRUSTROOM_TRUST_PROXY as Fastify's `trustProxy`, which decides `req.ip` (the rate limits' key).
 * Fastify ignores a bare hop count (it cannot check the immediate peer), so a count becomes a
 * function trusting that many hops: the operator's statement that every request comes through
 * them. A list of proxy addresses is the safer choice when they are known.
 */
export function fastifyTrustProxy(trust: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  const hops = trust;
  return (_address, hop) => hop < hops;
}
