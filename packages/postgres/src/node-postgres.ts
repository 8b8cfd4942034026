/**
 * node-postgres (`pg`) onto {@link SqlClient}.
 *
 * @module
 */

import type { SqlClient } from './sql-client.js';
import { MAX_PREPARED_STATEMENTS, STATEMENT_NAME_PREFIX } from './statement-names.js';

/**
 * What `fromNodePostgres` needs of node-postgres: a `Pool`, a `Client` or a `PoolClient` checked out
 * for a transaction all have it.
 */
export interface NodePostgresQueryable {
  query(config: { text: string; values: unknown[]; name?: string }): Promise<{ rows: object[] }>;
}

/** Options of {@link fromNodePostgres}. */
export interface NodePostgresOptions {
  /**
   * Prepare each statement once per connection (node-postgres's named statements), so PostgreSQL
   * parses and plans the guarded statements once rather than on every write. Turn off behind a
   * transaction-mode pooler such as PgBouncer that cannot keep prepared statements.
   * @defaultValue true
   */
  readonly prepare?: boolean | undefined;
}

/**
 * One name per statement text in this process (node-postgres refuses one name for two texts), for
 * the first {@link MAX_PREPARED_STATEMENTS} texts: node-postgres keeps a named statement prepared
 * on its connection until the connection closes, so a caller's own texts past those go unnamed
 * rather than pile up in every server session (they still run, parsed and planned each time). The
 * package's own statements, a handful per table, are usually among the first.
 */
const statementNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_PREPARED_STATEMENTS) {
    name = `${STATEMENT_NAME_PREFIX}${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
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
export function fromNodePostgres(
  queryable: NodePostgresQueryable,
  options: NodePostgresOptions = {},
): SqlClient {
  const prepare = options.prepare ?? true;
  return {
    async query(text, params) {
      const values = [...params];
      const name = prepare ? statementName(text) : undefined;
      const config = name === undefined ? { text, values } : { name, text, values };
      return (await queryable.query(config)).rows;
    },
  };
}
