/** Links and headers every message to a subscriber carries. */

export const unsubscribeUrl = (publicUrl: string, workspaceSlug: string, token: string): string =>
  `${publicUrl}/w/${encodeURIComponent(workspaceSlug)}/unsubscribe/${encodeURIComponent(token)}`;

export const confirmSubscriptionUrl = (publicUrl: string, workspaceSlug: string, token: string): string =>
  `${publicUrl}/w/${encodeURIComponent(workspaceSlug)}/subscribe/confirm/${encodeURIComponent(token)}`;

/** RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs to the link. */
export const unsubscribeHeaders = (url: string): Record<string, string> => ({
  'List-Unsubscribe': `<${url}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

/**
 * Whether a subscriber's filters cover what a change touches. Empty filters mean everything; a
 * change touching everything (an engagement with no service or region) reaches every subscriber.
 */
export function subscriberWants(filters: { services: string[]; regions: string[] }, touched: { all: boolean; services: string[]; regions: string[] }): boolean {
  if (touched.all) return true;
  const serviceOk = filters.services.length === 0 || filters.services.some((s) => touched.services.includes(s));
  const regionOk = filters.regions.length === 0 || filters.regions.some((r) => touched.regions.includes(r));
  return serviceOk && regionOk;
}
