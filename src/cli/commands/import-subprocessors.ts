import { importIntoWorkspace } from '../../modules/import/apply-import.ts';
import { presentImport } from '../../modules/import/import.ts';
import { importList } from '../../modules/import/import-list.ts';
import { SOURCE_FORMATS, type SourceFormat } from '../../modules/import/parse/detect-format.ts';
import { readSource } from '../../modules/import/source/read-source.ts';
import { findWorkspaceBySlug } from '../../modules/workspaces/workspaces.ts';
import { SYSTEM_ACTOR } from '../../shared/deps.ts';
import { invalid } from '../../shared/errors.ts';
import { withDb } from '../open-db.ts';

interface Options {
  dryRun?: boolean;
  json?: boolean;
  workspace?: string;
  allowPrivate?: boolean;
  format?: string;
  timeout?: string;
}

/**
 * `trustroom import subprocessors <file-or-url>`: with --dry-run, prints what would be imported
 * (--json: exactly one JSON object); with --workspace, imports (or drafts, see apply-import.ts).
 */
export async function importSubprocessorsCommand(source: string, opts: Options) {
  if (opts.format && !SOURCE_FORMATS.includes(opts.format as SourceFormat)) throw invalid('format', `must be one of ${SOURCE_FORMATS.join(', ')}`);
  if (!opts.dryRun && !opts.workspace) throw invalid('workspace', 'is required to import (or use --dry-run to preview)');
  const seconds = opts.timeout === undefined ? 10 : Number(opts.timeout);
  if (!/^\d{1,3}(\.\d{1,3})?$/.test(opts.timeout ?? '10') || !(seconds >= 0.1 && seconds <= 600)) throw invalid('timeout', 'must be a number of seconds from 0.1 to 600');
  // A URL cut off by the time or size limit fails here (source_timeout, source_too_large, source_truncated): never a partial list.
  const text = await readSource(source, { allowPrivate: opts.allowPrivate, timeoutMs: Math.round(seconds * 1000) });
  const result = importList(text.text, { format: opts.format as SourceFormat | undefined, name: text.name, contentType: text.contentType });
  if (opts.dryRun) {
    if (opts.json) process.stdout.write(`${JSON.stringify(presentImport(result))}\n`);
    else printHuman(result.rows, result.warnings);
    return;
  }
  const outcome = await withDb(async (deps) => {
    const ws = await findWorkspaceBySlug(deps.db, opts.workspace as string);
    if (!ws) throw invalid('workspace', 'no workspace with this slug');
    return importIntoWorkspace(deps, { workspaceId: ws.id, actor: { ...SYSTEM_ACTOR, label: 'cli import' } }, result, text.name);
  });
  const summary = outcome.mode === 'applied'
    ? { mode: 'applied', entities: outcome.entities, engagements: outcome.engagements, services: outcome.services, warnings: result.warnings }
    : { mode: 'draft', draftId: outcome.draft.id, rows: outcome.draft.rows.length, warnings: result.warnings };
  if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  else if (outcome.mode === 'applied') process.stdout.write(`imported ${outcome.engagements} engagements of ${outcome.entities} new entities (${outcome.services} new services)\n`);
  else process.stdout.write(`the registry is not empty: ${outcome.draft.rows.length} records saved as import draft ${outcome.draft.id}; review it in the console (Import)\n`);
}

function printHuman(rows: ReturnType<typeof importList>['rows'], warnings: ReturnType<typeof importList>['warnings']) {
  for (const r of rows) {
    process.stdout.write(`${String(r.row).padStart(3)}  ${r.name} — ${r.purpose.slice(0, 70)}${r.purpose.length > 70 ? '…' : ''} [${[...r.countries, ...r.regions].join(', ') || 'no country'}]${r.section ? ` (${r.section})` : ''}\n`);
  }
  for (const w of warnings) process.stdout.write(`warning, row ${w.row}: ${w.message}\n`);
  process.stdout.write(`${rows.length} records, ${warnings.length} warnings\n`);
}
