import { createDb, targetFromConfig } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { loadConfig } from '../../shared/config.ts';

export async function migrateCommand() {
  const handle = createDb(targetFromConfig(loadConfig()));
  try {
    const { error, results } = await migrateToLatest(handle.db);
    for (const r of results ?? []) process.stdout.write(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}\n`);
    if (error) throw error;
    if (!results?.length) process.stdout.write('the schema is up to date\n');
  } finally {
    await handle.close();
  }
}
