/**
 * postgres.js (`postgres`) onto {@link SqlClient}.
 *
 * @module
 */

import type { SqlClient } from './sql-client.js';

/**
 * What `fromPostgresJs` needs of postgres.js: the `sql` of `postgres(url)`, or the `sql` a
 * `sql.begin(sql => …)` callback receives.
 */
export interface PostgresJsQueryable {
  unsafe(
    text: string,
    parameters?: unknown[],
    options?: { prepare?: boolean },
  ): PromiseLike<readonly object[]>;
}

/** Options of {@link fromPostgresJs}. */
export interface PostgresJsOptions {
  /**
   * Prepare each statement once per connection (postgres.js's `prepare`). Turn off behind a
   * transaction-mode pooler such as PgBouncer that cannot keep prepared statements.
   * @defaultValue true
   */
  readonly prepare?: boolean | undefined;
}

/**
 * A {@link SqlClient} over postgres.js. The statements are fixed texts with bound parameters; they
 * go through `unsafe` only because they are not tagged templates.
 *
 * @example
 * ```ts
 * import postgres from 'postgres';
 * const db = fromPostgresJs(postgres(process.env.DATABASE_URL));
 * ```
 */
export function fromPostgresJs(sql: PostgresJsQueryable, options: PostgresJsOptions = {}): SqlClient {
  const prepare = options.prepare ?? true;
  return {
    async query(text, params) {
      return [...(await sql.unsafe(text, [...params], { prepare }))];
    },
  };
}
