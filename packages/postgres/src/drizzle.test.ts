import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgresJs } from 'drizzle-orm/postgres-js';
import pg from 'pg';
import postgres from 'postgres';
import { fromDrizzle } from './drizzle.js';
import { countLockWaiters, POOL_SIZE, throwawayPostgresForFile } from './postgres-server.js';
import { defineVersionedTableSuite } from './versioned-table.suite.js';

const server = throwawayPostgresForFile();

defineVersionedTableSuite({
  name: 'Drizzle on PGlite',
  concurrent: false,
  async open() {
    const pglite = await PGlite.create();
    const db = drizzlePglite(pglite);
    return {
      client: fromDrizzle(db),
      transaction: (work) => db.transaction((tx) => work(fromDrizzle(tx))),
      close: () => pglite.close(),
    };
  },
});

defineVersionedTableSuite({
  name: 'Drizzle (node-postgres) on PostgreSQL',
  concurrent: true,
  async open() {
    const connectionString = await server().freshDatabaseUrl();
    const pool = new pg.Pool({ connectionString, max: POOL_SIZE });
    const observer = drizzleNodePostgres(new pg.Pool({ connectionString, max: 1 }));
    const db = drizzleNodePostgres(pool);
    return {
      client: fromDrizzle(db),
      transaction: (work) => db.transaction((tx) => work(fromDrizzle(tx))),
      lockWaiters: () => countLockWaiters(fromDrizzle(observer)),
      close: async () => {
        await Promise.all([pool.end(), observer.$client.end()]);
      },
    };
  },
});

defineVersionedTableSuite({
  name: 'Drizzle (postgres.js) on PostgreSQL',
  concurrent: true,
  async open() {
    const url = await server().freshDatabaseUrl();
    const client = postgres(url, { max: POOL_SIZE, onnotice: () => {} });
    const observer = drizzlePostgresJs(postgres(url, { max: 1 }));
    const db = drizzlePostgresJs(client);
    return {
      client: fromDrizzle(db),
      transaction: (work) => db.transaction((tx) => work(fromDrizzle(tx))),
      lockWaiters: () => countLockWaiters(fromDrizzle(observer)),
      close: async () => {
        await Promise.all([client.end(), observer.$client.end()]);
      },
    };
  },
});
