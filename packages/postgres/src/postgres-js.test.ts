import postgres from 'postgres';
import { fromPostgresJs } from './postgres-js.js';
import { countLockWaiters, POOL_SIZE, throwawayPostgresForFile } from './postgres-server.js';
import { defineVersionedTableSuite } from './versioned-table.suite.js';

const server = throwawayPostgresForFile();

for (const prepare of [true, false]) {
  defineVersionedTableSuite({
    name: `postgres.js on PostgreSQL (prepare: ${prepare})`,
    concurrent: true,
    async open() {
      const url = await server().freshDatabaseUrl();
      const sql = postgres(url, { max: POOL_SIZE, onnotice: () => {} });
      const observer = postgres(url, { max: 1 });
      return {
        client: fromPostgresJs(sql, { prepare }),
        transaction: async (work) =>
          (await sql.begin((tx) => work(fromPostgresJs(tx, { prepare })))) as never,
        lockWaiters: () => countLockWaiters(fromPostgresJs(observer)),
        close: async () => {
          await Promise.all([sql.end(), observer.end()]);
        },
      };
    },
  });
}
