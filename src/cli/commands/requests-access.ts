import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { resolveCredential } from '../../shared/credentials.ts';
import { type FieldIssue, invalid } from '../../shared/errors.ts';
import { openConnector } from '../../modules/requests/fulfilment/open-connector.ts';
import { type DatasetDef, IDENTIFIER, readDatasets } from '../../modules/requests/fulfilment/dataset.ts';
import { accessRequest } from '../../modules/requests/fulfilment/fulfil.ts';

export interface RequestsFulfilOptions {
  dataset?: string[];
  connection?: string;
  identity?: string[];
  dryRun?: boolean;
  json?: boolean;
}

/** The environment variable read when --connection is absent (keeps the password off the command line). */
export const CONNECTION_ENV = 'TRUSTROOM_REQUESTS_CONNECTION';

/** Reads --dataset files, --connection (or `env:NAME`, `secret:NAME`, or TRUSTROOM_REQUESTS_CONNECTION) and --identity type=value; exit 2 naming each bad one. */
export function readFulfilFlags(opts: RequestsFulfilOptions): { datasets: DatasetDef[]; connection: string; identities: Record<string, string> } {
  const issues: FieldIssue[] = [];
  const files: { name: string; text: string }[] = [];
  if (!opts.dataset?.length) issues.push({ field: '--dataset', message: 'is required: a Fides dataset YAML file' });
  for (const path of opts.dataset ?? []) {
    try {
      files.push({ name: basename(path), text: readFileSync(path, 'utf8') });
    } catch {
      issues.push({ field: `--dataset ${basename(path)}`, message: 'cannot be read' });
    }
  }
  const ref = opts.connection ?? process.env[CONNECTION_ENV] ?? '';
  let connection = '';
  if (!ref) issues.push({ field: '--connection', message: `is required (or set ${CONNECTION_ENV})` });
  else {
    try {
      connection = resolveCredential(ref, '--connection');
    } catch (e) {
      issues.push(...((e as { data?: { fields?: FieldIssue[] } }).data?.fields ?? []));
    }
  }
  const identities: Record<string, string> = {};
  if (!opts.identity?.length) issues.push({ field: '--identity', message: 'is required, e.g. email=<address>' });
  for (const item of opts.identity ?? []) {
    const eq = item.indexOf('=');
    const type = item.slice(0, eq);
    const value = item.slice(eq + 1).trim();
    // The value is personal data: never repeated in a message.
    if (eq < 1 || !IDENTIFIER.test(type) || !value) issues.push({ field: '--identity', message: 'must be <type>=<value>, e.g. email=<address> or phone_number=<number>' });
    else identities[type] = value;
  }
  let datasets: DatasetDef[] = [];
  if (files.length && files.length === opts.dataset?.length) {
    try {
      datasets = readDatasets(files);
    } catch (e) {
      const data = (e as { data?: { fields?: typeof issues } }).data;
      issues.push(...(data?.fields ?? []));
    }
  }
  if (issues.length) throw invalid(issues);
  return { datasets, connection, identities };
}

/** Prints every annotated field of the rows reached from the identity, by `<fides_key>:<collection>`. */
export async function requestsAccessCommand(opts: RequestsFulfilOptions) {
  const input = readFulfilFlags(opts);
  const conn = await openConnector(input.connection, { readOnly: true });
  try {
    const result = await accessRequest(conn, input.datasets, input.identities);
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ collections: result.collections, unreachable: result.unreachable, skipped: result.skipped })}\n`);
      return;
    }
    const lines = Object.entries(result.collections).map(([k, rows]) => `${k}: ${rows.length} row${rows.length === 1 ? '' : 's'}`);
    if (result.unreachable.length) lines.push(`Not reachable from the identity (not read): ${result.unreachable.join(', ')}`);
    if (result.skipped.length) lines.push(`Skipped (skip_processing): ${result.skipped.join(', ')}`);
    lines.push('Use --json for the rows.');
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await conn.close();
  }
}
