import { writeFileSync } from 'node:fs';
import { loadRecord, parseRecordRequest, renderRecord } from '../../modules/records/export-records.ts';
import { findWorkspaceBySlug } from '../../modules/workspaces/workspaces.ts';
import { isoDate } from '../../shared/clock.ts';
import { type FieldIssue, invalid, isAppError } from '../../shared/errors.ts';
import { withDb } from '../open-db.ts';

export interface RecordsExportOptions {
  workspace?: string;
  kind?: string;
  customer?: string;
  format?: string;
  out?: string;
}

/** Problems name the command-line option (`--format: must be one of …`), not the module's field. */
function asOptions(e: unknown): unknown {
  if (!isAppError(e) || e.code !== 'validation_error') return e;
  const fields = ((e.data as { fields?: FieldIssue[] }).fields ?? []).map((f) => ({ ...f, field: `--${f.field}` }));
  return invalid(fields);
}

/**
 * Writes a record of processing (Art 30) to a file or stdout: the processor record of one customer
 * or of all, or the controller record, as CSV, JSON, JSON-LD or PDF. Exit 2 for bad options.
 */
export async function recordsExportCommand(opts: RecordsExportOptions) {
  let request;
  try {
    request = parseRecordRequest({ kind: opts.kind, format: opts.format, customer: opts.customer });
  } catch (e) {
    throw asOptions(e);
  }
  const file = await withDb(async (deps) => {
    const ws = opts.workspace ? await findWorkspaceBySlug(deps.db, opts.workspace) : undefined;
    if (!ws) throw invalid('--workspace', opts.workspace ? 'no workspace has this slug' : 'is required');
    try {
      return await renderRecord(await loadRecord(deps.db, ws.id, request, isoDate(deps.clock.now())), request.format, ws.slug);
    } catch (e) {
      if (isAppError(e) && e.code === 'not_found') throw invalid('--customer', 'no customer of this workspace has this id');
      throw e;
    }
  });
  if (opts.out) writeFileSync(opts.out, file.body);
  else process.stdout.write(file.body);
}
