import { openConnector } from '../../modules/requests/fulfilment/open-connector.ts';
import { eraseRequest } from '../../modules/requests/fulfilment/fulfil.ts';
import { readFulfilFlags, type RequestsFulfilOptions } from './requests-access.ts';

/** Masks the fields of the rows reached from the identity by data category (or counts them with --dry-run). */
export async function requestsEraseCommand(opts: RequestsFulfilOptions) {
  const input = readFulfilFlags(opts);
  const conn = await openConnector(input.connection);
  try {
    const r = await eraseRequest(conn, input.datasets, input.identities, { dryRun: opts.dryRun ?? false });
    if (opts.json) {
      process.stdout.write(`${JSON.stringify({ collections: r.collections, untouched: r.untouched, unreachable: r.unreachable, skipped: r.skipped, dryRun: r.dryRun })}\n`);
      return;
    }
    // An API has no transaction: say so rather than claim one.
    const lines = [r.dryRun ? 'Dry run: nothing was written.' : conn.dialect === 'http' ? 'Erased through the API (every row read first, then written; no transaction).' : 'Erased in one transaction.'];
    for (const [k, c] of Object.entries(r.collections)) {
      lines.push(`${k}: ${c.rows} row${c.rows === 1 ? '' : 's'} ${c.deleted ? 'deleted' : c.fields.length ? `masked (${c.fields.join(', ')})` : 'with nothing to mask'}`);
      if (r.untouched[k]) lines.push(`  left untouched (no masking rule for their categories): ${r.untouched[k].join(', ')}`);
    }
    if (r.unreachable.length) lines.push(`Not reachable from the identity (not read): ${r.unreachable.join(', ')}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await conn.close();
  }
}
