/**
 * The systems the fulfilment tests run the same cases on: the test shop on SQLite, on the
 * PostgreSQL server `npm test` starts, and on a MariaDB server started by the test file itself.
 */
import { after } from 'node:test';
import { openShop, type Shop } from '../src/modules/requests/fulfilment/shop-fixture.ts';
import { DIALECTS } from './dialects.ts';
import { mariadbSkip, sharedMariadb } from './mariadb.ts';

export interface ShopTarget {
  name: 'sqlite' | 'postgres' | 'mariadb';
  /** false to run, else why the suite is skipped. */
  skip: string | false;
  open(): Promise<Shop>;
}

/**
 * Each target with its skip reason. Call once at the top of a test file: the MariaDB server is
 * started on first use and stopped after the file's tests.
 * @example for (const t of shopTargets()) describe(`x [${t.name}]`, { skip: t.skip }, () => { … })
 */
export function shopTargets(): ShopTarget[] {
  const maria = sharedMariadb();
  after(() => maria.stop());
  return [
    { name: 'sqlite', skip: DIALECTS.includes('sqlite') ? false : 'sqlite not in TEST_DIALECTS', open: () => openShop('sqlite') },
    {
      name: 'postgres',
      skip: !DIALECTS.includes('postgres') ? 'postgres not in TEST_DIALECTS' : !process.env.TEST_PG_URL ? 'no PostgreSQL server: run through npm test' : false,
      open: () => openShop('postgres'),
    },
    { name: 'mariadb', skip: mariadbSkip(), open: async () => openShop('mariadb', await maria.server()) },
  ];
}
