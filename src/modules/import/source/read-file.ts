/** Reads an import source from a local file, refusing anything over the size limit before reading it. */
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { isAppError } from '../../../shared/errors.ts';
import { decodeText } from './decode-text.ts';
import type { SourceText } from './read-source.ts';
import { formatBytes, sourceError } from './source-error.ts';

function errnoOf(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}

function openError(path: string, e: unknown) {
  const code = errnoOf(e);
  if (code === 'ENOENT' || code === 'ENOTDIR') return sourceError('source_not_found', `source: file '${path}' not found`, {}, e);
  if (code === 'EISDIR') return sourceError('source_unreadable', `source: '${path}' is a directory, not a file`, {}, e);
  if (code === 'EACCES' || code === 'EPERM') return sourceError('source_unreadable', `source: no permission to read file '${path}'`, {}, e);
  return sourceError('source_unreadable', `source: could not read file '${path}' (${code ?? 'unknown error'})`, {}, e);
}

function tooLarge(path: string, maxBytes: number) {
  return sourceError('source_too_large', `source: file '${path}' is larger than the ${formatBytes(maxBytes)} limit`, { maxBytes });
}

/** Reads `path` (at most `maxBytes`) and decodes it; see `decodeText` for the charset rules. */
export async function readFileSource(path: string, maxBytes: number): Promise<SourceText> {
  const info = await stat(path).catch((e: unknown) => {
    throw openError(path, e);
  });
  if (info.isDirectory()) throw sourceError('source_unreadable', `source: '${path}' is a directory, not a file`);
  // FIFOs and devices have no size to check and may never end.
  if (!info.isFile()) throw sourceError('source_unreadable', `source: '${path}' is not a regular file`);
  if (info.size > maxBytes) throw tooLarge(path, maxBytes);

  const handle = await open(path, 'r').catch((e: unknown) => {
    throw openError(path, e);
  });
  let bytes: Buffer;
  try {
    // Room for one byte more than stat() said, so a file that grew since is still read whole (or caught).
    let buffer = Buffer.allocUnsafe(info.size + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw tooLarge(path, maxBytes);
    }
    bytes = buffer.subarray(0, length);
  } catch (e) {
    throw isAppError(e) ? e : openError(path, e);
  } finally {
    await handle.close();
  }
  const ext = extname(path).toLowerCase();
  return { text: decodeText(bytes, { isHtml: ext === '.html' || ext === '.htm' }), contentType: null, name: basename(path), origin: path };
}
