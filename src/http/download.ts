/**
 * Sending a stored file as a download (console and API alike): always an attachment, never
 * sniffed, and typed as stored only when the type is one Trustroom accepts — so an uploaded file
 * can never be rendered as a page of Trustroom's own origin.
 */
import type { FastifyReply } from 'fastify';
import { isAllowedEvidenceType } from '../modules/measures/evidence.ts';

/** `attachment` with an ASCII fallback name and the exact name in RFC 5987 form. */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_') || 'download';
  const exact = encodeURIComponent(fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}

export function sendFileDownload(reply: FastifyReply, file: { fileName: string; contentType: string; bytes: Buffer; sha256: string }) {
  return reply
    .type(isAllowedEvidenceType(file.contentType) ? file.contentType : 'application/octet-stream')
    .header('content-disposition', attachmentDisposition(file.fileName))
    .header('x-content-type-options', 'nosniff')
    // Lets a client check what it received against the SHA-256 shown in the console.
    .header('x-content-sha256', file.sha256)
    .send(file.bytes);
}
