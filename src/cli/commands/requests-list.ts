import { findRequest, listRequests, requestLedger, requestTimeline } from '../../modules/requests/requests.queries.ts';
import { effectiveDue, REQUEST_STATUS_LABELS } from '../../modules/requests/requests.ts';
import { findWorkspaceBySlug } from '../../modules/workspaces/workspaces.ts';
import type { Deps } from '../../shared/deps.ts';
import { invalid } from '../../shared/errors.ts';
import { withDb } from '../open-db.ts';

export interface RequestsListOptions {
  workspace?: string;
  state?: string;
  reference?: string;
  json?: boolean;
}

const STATES = ['open', 'closed', 'all'] as const;

async function workspaceOf(deps: Deps, slug: string | undefined) {
  const ws = slug ? await findWorkspaceBySlug(deps.db, slug) : undefined;
  if (!ws) throw invalid('--workspace', slug ? 'no workspace has this slug' : 'is required');
  return ws;
}

/**
 * The queue of a workspace's requests by the deadline that counts, with what is at risk (the
 * console's queue, for scripts and monitoring). No personal data is printed: references, types,
 * statuses and dates. Exit 2 for bad options.
 */
export async function requestsListCommand(opts: RequestsListOptions) {
  const state = opts.state ?? 'open';
  if (!(STATES as readonly string[]).includes(state)) throw invalid('--state', `must be one of ${STATES.join(', ')}`);
  const items = await withDb(async (deps) => listRequests(deps.db, (await workspaceOf(deps, opts.workspace)).id, deps.clock.now(), { state: state as (typeof STATES)[number] }));
  if (opts.json) return void process.stdout.write(`${JSON.stringify({ requests: items }, null, 2)}\n`);
  if (!items.length) return void process.stdout.write('No requests.\n');
  for (const i of items) process.stdout.write(`${i.reference}  ${i.type.padEnd(16)} due ${i.effectiveDueOn}  ${REQUEST_STATUS_LABELS[i.status]}${i.riskText ? ` — ${i.riskText}` : ''}\n`);
}

/** One request by its reference: its deadlines with the ledger and its timeline. */
export async function requestsShowCommand(opts: RequestsListOptions) {
  if (!opts.reference || !/^R-[A-Z2-9]{8}$/.test(opts.reference)) throw invalid('--reference', 'must be a request reference such as R-7KQ2ABCD');
  const out = await withDb(async (deps) => {
    const ws = await workspaceOf(deps, opts.workspace);
    const row = await deps.db.selectFrom('dsr_requests').select('id').where('workspace_id', '=', ws.id).where('reference', '=', opts.reference!).executeTakeFirst();
    const r = row ? await findRequest(deps.db, ws.id, row.id) : undefined;
    if (!r) throw invalid('--reference', 'no request of this workspace has this reference');
    return {
      reference: r.reference, type: r.type, status: r.status, regime: r.regime, controller: r.controller, receivedOn: r.received_on, dueOn: r.due_on,
      extendedDueOn: r.extended_due_on, effectiveDueOn: effectiveDue(r), ledger: await requestLedger(deps.db, r),
      timeline: (await requestTimeline(deps.db, r.id)).map((e) => ({ at: e.at, kind: e.kind, actor: e.actor })),
    };
  });
  if (opts.json) return void process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`${out.reference} (${out.type}, ${REQUEST_STATUS_LABELS[out.status]}): received ${out.receivedOn}, due ${out.effectiveDueOn}\n`);
  for (const s of out.ledger.segments) process.stdout.write(`  ${s.name}: ${s.end} — ${s.period} from ${s.start} (${s.source})\n`);
  for (const e of out.timeline) process.stdout.write(`  ${e.at}  ${e.kind} by ${e.actor}\n`);
}
