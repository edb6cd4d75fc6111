/** Differences between the two dialects, as named flags rather than scattered ifs. */
export interface Capabilities {
  dialect: 'sqlite' | 'postgres';
  /** `SELECT … FOR UPDATE` locks rows (PostgreSQL). SQLite has one writer at a time instead. */
  rowLocks: boolean;
}

export const SQLITE_CAPS: Capabilities = { dialect: 'sqlite', rowLocks: false };
export const POSTGRES_CAPS: Capabilities = { dialect: 'postgres', rowLocks: true };
