import type { Db } from '../../db/schema.ts';

export interface JobCount {
  kind: string;
  status: string;
  count: number;
  /** The earliest run time among these jobs (the next one due, for pending jobs). */
  nextRunAt: string | null;
}

/** Jobs by kind and status: what `trustroom jobs status` and the console show. */
export async function countJobs(db: Db): Promise<JobCount[]> {
  const rows = await db.selectFrom('jobs').select(['kind', 'status']).select((eb) => [eb.fn.countAll<string | number>().as('count'), eb.fn.min('run_at').as('next')])
    .groupBy(['kind', 'status']).orderBy('kind').orderBy('status').execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status, count: Number(r.count), nextRunAt: (r.next as string | null) ?? null }));
}
