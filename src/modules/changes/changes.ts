import type { ChangeStatus, Db } from '../../db/schema.ts';
import { InputReader } from '../../shared/input.ts';
import { invalid } from '../../shared/errors.ts';
import { type ChangeOperation, parseOperations } from './change-operations.ts';
import { isRealDate } from '../../shared/clock.ts';

export interface ChangeInput {
  title: string;
  reason: string;
  proposedDate: string;
  operations: ChangeOperation[];
}

/** Which status may follow which (CH1): draft → announced → in effect, or withdrawn before. */
export const NEXT_STATUS: Record<ChangeStatus, ChangeStatus[]> = {
  draft: ['announced', 'withdrawn'],
  announced: ['in_effect', 'withdrawn'],
  in_effect: [],
  withdrawn: [],
};

export const canMove = (from: ChangeStatus, to: ChangeStatus): boolean => NEXT_STATUS[from].includes(to);

/** Reads a change proposal; every problem is reported at once, with its field. */
export async function parseChangeInput(db: Db, workspaceId: string, raw: unknown): Promise<ChangeInput> {
  const r = new InputReader(raw);
  const title = r.text('title', { name: true, required: true, max: 200 });
  const reason = r.text('reason', { required: true, max: 5000 });
  const proposedDate = r.text('proposedDate', { required: true, max: 10 });
  if (proposedDate && !isRealDate(proposedDate)) r.problem('proposedDate', 'must be a date as YYYY-MM-DD');
  const operations = await parseOperations(db, workspaceId, (raw as Record<string, unknown> | null)?.operations, r.issues);
  if (r.issues.length) throw invalid(r.issues);
  return { title: title as string, reason: reason as string, proposedDate: proposedDate as string, operations };
}
