/**
 * node-postgres (`pg`) onto {@link SqlClient}.
 *
 * @module
 */

import type { SqlClient } from './sql-client.js';

/**
 * What `fromNodePostgres` needs of node-postgres: a `Pool`, a `Client` or a `PoolClient` checked out
 * for a transaction all have it.
 */
export interface NodePostgresQueryable {
  query(text: string, values: unknown[]): Promise<{ rows: object[] }>;
}

/**
 * A {@link SqlClient} over node-postgres. Pass the pool for single statements, or the client you
 * called `BEGIN` on to write inside your own transaction.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const db = fromNodePostgres(new pg.Pool({ connectionString: process.env.DATABASE_URL }));
 * ```
 */
export function fromNodePostgres(queryable: NodePostgresQueryable): SqlClient {
  return {
    async query(text, params) {
      return (await queryable.query(text, [...params])).rows;
    },
  };
}
