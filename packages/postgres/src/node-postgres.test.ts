import pg from 'pg';
import { fromNodePostgres } from './node-postgres.js';
import { countLockWaiters, POOL_SIZE, throwawayPostgresForFile } from './postgres-server.js';
import { defineVersionedTableSuite } from './versioned-table.suite.js';

const server = throwawayPostgresForFile();

for (const prepare of [true, false]) {
  defineVersionedTableSuite({
    name: `node-postgres on PostgreSQL (prepare: ${prepare})`,
    concurrent: true,
    async open() {
      const connectionString = await server().freshDatabaseUrl();
      const pool = new pg.Pool({ connectionString, max: POOL_SIZE });
      const observer = new pg.Pool({ connectionString, max: 1 });
      return {
        client: fromNodePostgres(pool, { prepare }),
        async transaction(work) {
          const connection = await pool.connect();
          try {
            await connection.query('BEGIN');
            const result = await work(fromNodePostgres(connection, { prepare }));
            await connection.query('COMMIT');
            return result;
          } catch (error) {
            await connection.query('ROLLBACK');
            throw error;
          } finally {
            connection.release();
          }
        },
        lockWaiters: () => countLockWaiters(fromNodePostgres(observer)),
        close: async () => {
          await Promise.all([pool.end(), observer.end()]);
        },
      };
    },
  });
}
