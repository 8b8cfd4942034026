import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import { fromKysely } from './kysely.js';
import { countLockWaiters, POOL_SIZE, throwawayPostgresForFile } from './postgres-server.js';
import { defineVersionedTableSuite } from './versioned-table.suite.js';

const server = throwawayPostgresForFile();

/**
 * Test-only: PGlite behind the `pg.Pool` face Kysely's `PostgresDialect` talks to (one connection,
 * as PGlite is). Kysely ships no PGlite dialect of its own; the cast is for the cursor overload of
 * `query`, which Kysely uses only for `.stream()`.
 */
function pgliteAsPool(pglite: PGlite) {
  const connection = {
    async query(text: string, params: readonly unknown[]) {
      const result = await pglite.query(text, [...params]);
      return { rows: result.rows, command: 'SELECT' as const, rowCount: result.affectedRows ?? 0 };
    },
    release() {},
  };
  return { connect: async () => connection, end: async () => {} };
}

defineVersionedTableSuite({
  name: 'Kysely on PGlite',
  concurrent: false,
  async open() {
    const pglite = await PGlite.create();
    const db = new Kysely<object>({
      dialect: new PostgresDialect({ pool: pgliteAsPool(pglite) as unknown as PostgresPool }),
    });
    return {
      client: fromKysely(db),
      transaction: (work) => db.transaction().execute((trx) => work(fromKysely(trx))),
      close: async () => {
        await db.destroy();
        await pglite.close();
      },
    };
  },
});

defineVersionedTableSuite({
  name: 'Kysely (node-postgres) on PostgreSQL',
  concurrent: true,
  async open() {
    const connectionString = await server().freshDatabaseUrl();
    const db = new Kysely<object>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: POOL_SIZE }) }),
    });
    const observer = new Kysely<object>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 1 }) }),
    });
    return {
      client: fromKysely(db),
      transaction: (work) => db.transaction().execute((trx) => work(fromKysely(trx))),
      lockWaiters: () => countLockWaiters(fromKysely(observer)),
      close: async () => {
        await Promise.all([db.destroy(), observer.destroy()]);
      },
    };
  },
});
