/**
 * Recording an incident in the Art 33(5) register and keeping it current. Every change is a new
 * timeline entry (past entries are never edited) and an audit event carrying field names only:
 * the register's texts may hold personal data, the audit chain must not.
 */
import type { Row } from '../../db/schema.ts';
import { type Deps, inTransaction, type Scope } from '../../shared/deps.ts';
import { newId } from '../../shared/ids.ts';
import { InputReader } from '../../shared/input.ts';
import { syncObligations } from './compute-obligations.ts';
import { appendIncidentEvent } from './incident-events.ts';
import { getIncident } from './incidents.queries.ts';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_MESSAGE = 'must be an ISO 8601 instant with its offset, such as 2027-01-04T10:00:00Z';

/** An instant field as ISO UTC, or null (absent, or a problem recorded on the reader). */
export function readInstant(r: InputReader, field: string, opts: { required?: boolean } = {}): string | null {
  const s = r.text(field, { required: opts.required, max: 40, pattern: INSTANT, patternMessage: INSTANT_MESSAGE });
  if (s === null) return null;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) {
    r.problem(field, INSTANT_MESSAGE);
    return null;
  }
  return d.toISOString();
}

function readCount(r: InputReader, field: string): number | null | undefined {
  if (!r.has(field)) return undefined;
  const s = r.text(field, { max: 12 });
  if (s === null) return null;
  if (!/^\d{1,10}$/.test(s)) {
    r.problem(field, 'must be a whole number of 0 or more');
    return undefined;
  }
  return Number(s);
}

const TEXTS = [['title', 'title', 200], ['description', 'description', 10_000], ['consequences', 'consequences', 10_000], ['measuresTaken', 'measures_taken', 10_000], ['measuresProposed', 'measures_proposed', 10_000], ['contactPoint', 'contact_point', 1000]] as const;

type Fields = Partial<Omit<Row<'incidents'>, 'id' | 'workspace_id' | 'created_at' | 'updated_at'>>;

/** Reads the register's fields; on update only the fields present are read. */
function readIncident(raw: unknown, creating: boolean): Fields {
  const r = new InputReader(raw);
  const out: Fields = {};
  for (const [field, column, max] of TEXTS) {
    if (!creating && !r.has(field)) continue;
    // Title and description can be corrected, never emptied.
    const required = field === 'title' || field === 'description';
    const v = r.text(field, { required, max, name: field === 'title' });
    if (v !== null || !required) (out as Record<string, unknown>)[column] = v;
  }
  for (const [field, column] of [['startedAt', 'started_at'], ['awareAt', 'aware_at']] as const) {
    if (!creating && !r.has(field)) continue;
    const v = readInstant(r, field, { required: true });
    if (v) out[column] = v;
  }
  if (out.started_at && out.aware_at && out.aware_at < out.started_at) r.problem('awareAt', 'must not be before startedAt');
  if (creating || r.has('dataCategories')) out.data_categories = JSON.stringify(r.list('dataCategories', { max: 50 }));
  if (creating || r.has('subjectCategories')) out.subject_categories = JSON.stringify(r.list('subjectCategories', { max: 50 }));
  for (const [field, column] of [['approxSubjects', 'approx_subjects'], ['approxRecords', 'approx_records']] as const) {
    const v = readCount(r, field);
    if (v !== undefined) out[column] = v;
  }
  if (creating || r.has('controllerData')) out.controller_data = r.flag('controllerData') ? 1 : 0;
  if (r.has('status')) out.status = r.choice('status', ['open', 'contained', 'closed'] as const) ?? undefined;
  return r.done(out);
}

/**
 * Records an incident (breach or not yet decided) with the facts known so far; the clocks start
 * at `awareAt`. Obligations are computed at once (none until a scope or controller data says who).
 */
export async function recordIncident(deps: Deps, scope: Scope, raw: unknown): Promise<Row<'incidents'>> {
  const fields = readIncident(raw, true);
  return inTransaction(deps, async (tx) => {
    const now = tx.clock.now().toISOString();
    const row = { ...fields, id: newId(), workspace_id: scope.workspaceId, is_breach: null, high_risk: null, breach_reason: null, status: 'open' as const, created_at: now, updated_at: now } as Row<'incidents'>;
    await tx.db.insertInto('incidents').values(row).execute();
    await appendIncidentEvent(tx, scope, row.id, { kind: 'recorded', data: { startedAt: row.started_at, awareAt: row.aware_at, controllerData: row.controller_data === 1 } });
    await syncObligations(tx, scope, row);
    return getIncident(tx.db, scope.workspaceId, row.id);
  });
}

/**
 * Updates the register as facts arrive (Art 33(4)); the timeline keeps what changed and when, the
 * obligations follow a changed awareness or controller flag.
 */
export async function updateIncident(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<Row<'incidents'>> {
  const fields = readIncident(raw, false);
  return inTransaction(deps, async (tx) => {
    const before = await getIncident(tx.db, scope.workspaceId, id);
    const merged = { ...before, ...fields };
    if (merged.aware_at < merged.started_at) invalidAware();
    const changed = Object.keys(fields).filter((k) => (fields as Record<string, unknown>)[k] !== (before as Record<string, unknown>)[k]);
    if (changed.length === 0) return before;
    const now = tx.clock.now().toISOString();
    await tx.db.updateTable('incidents').set({ ...fields, updated_at: now }).where('id', '=', id).execute();
    await appendIncidentEvent(tx, scope, id, { kind: 'updated', data: { fields: changed, status: merged.status } });
    const after = await getIncident(tx.db, scope.workspaceId, id);
    await syncObligations(tx, scope, after);
    return after;
  });
}

function invalidAware(): never {
  const r = new InputReader({});
  r.problem('awareAt', 'must not be before startedAt');
  return r.done(null as never);
}

/** Adds a note to the timeline (what was learnt, who was called): a new entry, never an edit. */
export async function addIncidentNote(deps: Deps, scope: Scope, id: string, raw: unknown): Promise<Row<'incident_events'>> {
  const r = new InputReader(raw);
  const note = r.done(r.text('note', { required: true, max: 10_000 })) as string;
  return inTransaction(deps, async (tx) => {
    await getIncident(tx.db, scope.workspaceId, id);
    return appendIncidentEvent(tx, scope, id, { kind: 'note_added', note, data: {} });
  });
}
