/**
 * One acceptance from the DPA ledger with the exact document accepted, checked against the hash
 * the ledger holds. Shared by the console and the customer portal.
 */
import type { AcceptedDocument } from '../../modules/dpa/dpa.queries.ts';
import { html, raw, type SafeHtml } from './html.ts';

/** Who accepted, when and how, whether the stored document still matches its hash, and the document. */
export function acceptedDocumentSection(accepted: AcceptedDocument): SafeHtml {
  const a = accepted.acceptance;
  const check = accepted.isIntact === null
    ? 'This acceptance was recorded before Trustroom kept the documents: only its hash is on record.'
    : accepted.isIntact ? 'The document below is the one accepted: it still hashes to the value in the ledger.'
    : 'Warning: the stored document no longer hashes to the value in the ledger. It was altered after the acceptance.';
  return html`<dl><dt>Signer</dt><dd>${a.signerName}, ${a.signerTitle} (${a.signerEmail})</dd>
<dt>Accepted</dt><dd>${a.acceptedAt.slice(0, 16).replace('T', ' ')} UTC</dd>
<dt>How</dt><dd>${a.method === 'portal' ? 'Customer portal' : 'E-mailed link'}</dd>
<dt>Document SHA-256</dt><dd><code>${a.documentSha256}</code></dd></dl>
<p${accepted.isIntact === false ? html` role="alert"` : null}><strong>${check}</strong></p>
${accepted.html === null ? null : html`<section aria-label="The document accepted" class="dpa-document">${raw(accepted.html)}</section>`}`;
}
