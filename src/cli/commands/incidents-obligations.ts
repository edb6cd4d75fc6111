import { clockText, presentObligation } from '../../modules/incidents/incidents.ts';
import { findIncident, listObligations } from '../../modules/incidents/incidents.queries.ts';
import { findWorkspaceBySlug } from '../../modules/workspaces/workspaces.ts';
import { invalid } from '../../shared/errors.ts';
import { withDb } from '../open-db.ts';

export interface IncidentsObligationsOptions {
  workspace?: string;
  incident?: string;
  json?: boolean;
}

/**
 * The notices an incident owes: recipient (authority, customer:<id>, data_subjects), regime, due
 * instant (ISO, null for "without undue delay"), decision and state, with the clock in words.
 * Exit 2 for bad options.
 */
export async function incidentsObligationsCommand(opts: IncidentsObligationsOptions) {
  if (!opts.incident) throw invalid('--incident', 'is required');
  const out = await withDb(async (deps) => {
    const ws = opts.workspace ? await findWorkspaceBySlug(deps.db, opts.workspace) : undefined;
    if (!ws) throw invalid('--workspace', opts.workspace ? 'no workspace has this slug' : 'is required');
    const incident = await findIncident(deps.db, ws.id, opts.incident!);
    if (!incident) throw invalid('--incident', 'no incident of this workspace has this id');
    const now = deps.clock.now();
    const rows = await listObligations(deps.db, ws.id, incident.id);
    return { incident: { id: incident.id, awareAt: incident.aware_at, isBreach: incident.is_breach === null ? null : incident.is_breach === 1 }, obligations: rows.map((o) => ({ ...presentObligation(o, now, o.customer_name), clock: clockText(o, now) })) };
  });
  if (opts.json) return void process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  if (!out.obligations.length) return void process.stdout.write('No obligations.\n');
  for (const o of out.obligations) {
    const who = o.customerName ? `customer ${o.customerName}` : o.recipient;
    process.stdout.write(`${o.regime.padEnd(14)} ${who.padEnd(32)} due ${o.dueAt ?? 'without undue delay'}  ${o.state} (${o.clock})\n`);
  }
}
