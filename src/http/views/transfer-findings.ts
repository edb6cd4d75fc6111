import type { TransferFinding } from '../../modules/transfers/assess-engagements.ts';
import { TRANSFER_STATUS_LABELS } from '../../modules/transfers/assess-transfer.ts';
import { countryName, MECHANISM_LABELS } from '../../modules/vocab/vocab.ts';
import { html, type SafeHtml } from './html.ts';

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const mechanismsText = (f: TransferFinding) => (f.transferMechanisms.length ? f.transferMechanisms.map((m) => MECHANISM_LABELS[m]).join(', ') : 'None stated');

/**
 * Transfer checks as a table: entity, purpose, country, (the engagement's transfer mechanisms,)
 * status (no valid basis in bold), why.
 */
export function transferFindingsTable(caption: string, findings: TransferFinding[], o: { entityLink?: (f: TransferFinding) => string; mechanisms?: boolean } = {}): SafeHtml {
  return html`<table><caption>${caption}</caption>
<thead><tr><th scope="col">Sub-processor</th><th scope="col">Purpose</th><th scope="col">Country</th>${o.mechanisms ? html`<th scope="col">Transfer mechanism</th>` : null}<th scope="col">Status</th><th scope="col">Why</th></tr></thead>
<tbody>${findings.map((f) => {
    const status = sentence(TRANSFER_STATUS_LABELS[f.status]);
    return html`<tr><th scope="row">${o.entityLink ? html`<a href="${o.entityLink(f)}">${f.entityName}</a>` : f.entityName}</th><td>${f.purpose}</td><td>${countryName(f.country)}</td>${o.mechanisms ? html`<td>${mechanismsText(f)}</td>` : null}<td>${f.status === 'no_valid_basis' ? html`<strong>${status}</strong>` : status}</td><td>${[...f.reasons, ...f.warnings].join(' ')}</td></tr>`;
  })}</tbody></table>`;
}
