/**
 * Drizzle ORM onto {@link SqlClient}: the guarded statements run through `db.execute`, on Drizzle's
 * connection and inside its transactions.
 *
 * @module
 */

import type { SQL, SQLChunk } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { rowsOf, splitAtPlaceholders } from './placeholders.js';
import type { SqlClient } from './sql-client.js';

export type { SqlClient } from './sql-client.js';

/**
 * What `fromDrizzle` needs of Drizzle: a PostgreSQL database (`drizzle(pool)` of
 * `drizzle-orm/node-postgres`, `drizzle-orm/postgres-js` or `drizzle-orm/pglite`) or the `tx` of
 * its `db.transaction(async (tx) => …)`.
 */
export interface DrizzleExecutor {
  execute(query: SQL): PromiseLike<unknown>;
}

/**
 * A {@link SqlClient} over Drizzle. Each statement becomes one Drizzle `SQL` of raw pieces (from the
 * package's own text) and bound parameters (`sql.param`), so values are never spliced into text.
 *
 * @example
 * ```ts
 * import { drizzle } from 'drizzle-orm/node-postgres';
 * const db = drizzle(process.env.DATABASE_URL!);
 * await db.transaction((tx) => notes.update(fromDrizzle(tx), id, { title }, writeCondition));
 * ```
 */
export function fromDrizzle(db: DrizzleExecutor): SqlClient {
  return {
    async query(text, params) {
      const chunks: SQLChunk[] = splitAtPlaceholders(text).map((part) =>
        typeof part === 'string' ? sql.raw(part) : sql.param(params[part]),
      );
      return rowsOf(await db.execute(sql.join(chunks)));
    },
  };
}
