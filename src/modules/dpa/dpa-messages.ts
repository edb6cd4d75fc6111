/** The e-mails of the DPA acceptance flow: a request (first or after a new version) and the receipt. */
import { html } from '../../shared/html.ts';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** The public page of an acceptance link. */
export const acceptanceUrl = (publicUrl: string, workspaceSlug: string, token: string): string =>
  `${publicUrl}/w/${encodeURIComponent(workspaceSlug)}/dpa/accept/${encodeURIComponent(token)}`;

/** Asks a customer contact to read and accept a version; `reaccept` when it accepted an older one. */
export function renderAcceptanceRequest(o: { processorName: string; customerName: string; version: number; title: string; note: string | null; url: string; expiresOn: string; reaccept: boolean }): RenderedMessage {
  const subject = o.reaccept
    ? `${o.processorName} published version ${o.version} of its data processing agreement: please accept it`
    : `Please accept the data processing agreement of ${o.processorName} (version ${o.version})`;
  const lead = o.reaccept
    ? `${o.processorName} published a new version of its data processing agreement. ${o.customerName} accepted an earlier version; please read version ${o.version} and accept it.`
    : `${o.processorName} asks ${o.customerName} to accept its data processing agreement, version ${o.version}.`;
  const text = `${lead}\n\n${o.title}, version ${o.version}\n${o.note ? `What changed: ${o.note}\n` : ''}\nRead it, download it as PDF and accept it here (the link works until ${o.expiresOn}):\n${o.url}\n\nOnly someone with authority to accept on behalf of ${o.customerName} should accept it. Do not forward this link: it is personal.\n`;
  const body = html`<p>${lead}</p>
<p><strong>${o.title}, version ${String(o.version)}</strong>${o.note ? html`<br>What changed: ${o.note}` : null}</p>
<p><a href="${o.url}">Read, download and accept the agreement</a> (the link works until ${o.expiresOn}).</p>
<p>Only someone with authority to accept on behalf of ${o.customerName} should accept it. Do not forward this link: it is personal.</p>`;
  return { subject, text, html: body.value };
}

/** Confirms an acceptance to the signer, with the document's hash: their copy of the ledger entry. */
export function renderAcceptanceReceipt(o: { processorName: string; customerName: string; version: number; title: string; signerName: string; signerTitle: string; acceptedAt: string; sha256: string }): RenderedMessage {
  const when = `${o.acceptedAt.slice(0, 16).replace('T', ' ')} UTC`;
  const subject = `You accepted version ${o.version} of the data processing agreement of ${o.processorName}`;
  const text = `${o.signerName} (${o.signerTitle}) accepted ${o.title}, version ${o.version}, on behalf of ${o.customerName} on ${when}.\n\nSHA-256 of the accepted document: ${o.sha256}\n\nKeep this e-mail as your receipt.\n`;
  const body = html`<p>${o.signerName} (${o.signerTitle}) accepted <strong>${o.title}, version ${String(o.version)}</strong>, on behalf of ${o.customerName} on ${when}.</p>
<p>SHA-256 of the accepted document: <code>${o.sha256}</code></p><p>Keep this e-mail as your receipt.</p>`;
  return { subject, text, html: body.value };
}
