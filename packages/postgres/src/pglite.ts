/**
 * PGlite onto {@link SqlClient}.
 *
 * @module
 */

import type { SqlClient } from './sql-client.js';

/** What `fromPglite` needs of PGlite: a `PGlite` instance and a transaction's `tx` both have it. */
export interface PgliteQueryable {
  query(text: string, params?: unknown[]): Promise<{ rows: object[] }>;
}

/**
 * A {@link SqlClient} over PGlite (PostgreSQL in WebAssembly, in this process). PGlite serves one
 * connection, so its statements run one at a time; each is still the whole compare-and-set.
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const db = fromPglite(await PGlite.create('./data'));
 * ```
 */
export function fromPglite(queryable: PgliteQueryable): SqlClient {
  return {
    async query(text, params) {
      return (await queryable.query(text, [...params])).rows;
    },
  };
}
