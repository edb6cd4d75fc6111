import { renderFlowMap } from '../transfers/render-data-map.ts';
import type { CustomerTransfer, CustomerViewAt } from './customer-view.ts';

/** Colours with at least 3:1 contrast on white; the legend names each one. */
const KINDS: Record<CustomerTransfer['kind'], { colour: string; label: string }> = {
  eea: { colour: '#1a7f37', label: 'Inside the EEA' },
  adequacy: { colour: '#0b6bcb', label: 'Adequacy decision' },
  mechanism: { colour: '#8250df', label: 'Transfer mechanism recorded' },
  none: { colour: '#57606a', label: 'Transfer mechanism: none recorded' },
};

/**
 * The customer's own data map (portal): its regions → the sub-processors in effect for it → their
 * countries, coloured by the neutral facts it may read; a transfer its contract does not authorise
 * is named in the description and its country set in bold.
 */
export function renderCustomerMap(o: { customerName: string; view: CustomerViewAt; regions: { slug: string; name: string }[] }): string {
  const regionsOf = new Map(o.view.inEffect.map((g) => [g.id, g.regions]));
  const flagged = o.view.transfers.filter((t) => t.notAuthorisedByContract);
  return renderFlowMap({
    customerName: o.customerName, date: o.view.date, regions: o.regions,
    flows: o.view.transfers.map((t) => ({ id: t.engagementId, name: t.name, regions: regionsOf.get(t.engagementId) ?? [], country: t.country, colour: KINDS[t.kind].colour, label: t.fact, emphasis: t.notAuthorisedByContract })),
    legend: Object.values(KINDS),
    note: flagged.length ? `Outside the EEA, which your contract does not authorise: ${flagged.map((t) => `${t.name} (${t.country})`).join(', ')}.` : undefined,
  });
}
