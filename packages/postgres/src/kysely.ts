/**
 * Kysely onto {@link SqlClient}: the guarded statements run as Kysely raw SQL, on its connection and
 * inside its transactions.
 *
 * @module
 */

import type { QueryExecutorProvider, RawBuilder, Selectable } from 'kysely';
import { sql } from 'kysely';
import { rowsOf, splitAtPlaceholders } from './placeholders.js';
import type { SqlClient } from './sql-client.js';

export type { SqlClient } from './sql-client.js';

/**
 * A table of a Kysely `Database` interface as `versionedTable` takes it: the selected row without the
 * version columns (by default `etag`, `modified_at`, `modified_at_strong`), which records carry as
 * `etag`, `lastModified` and `lastModifiedStrong`.
 *
 * @example
 * ```ts
 * const notes = versionedTable<KyselyRow<Database, 'notes'>, 'id'>({ name: 'notes', key: 'id', columns: … });
 * ```
 */
export type KyselyRow<
  Database,
  Table extends keyof Database & string,
  VersionColumns extends string = 'etag' | 'modified_at' | 'modified_at_strong',
> = Omit<Selectable<Database[Table]>, VersionColumns>;

/**
 * A {@link SqlClient} over Kysely (`new Kysely<Database>({ dialect: new PostgresDialect(…) })`, or the
 * `trx` of `db.transaction().execute(async (trx) => …)`). Each statement becomes one `sql` raw builder
 * of raw pieces (the package's own text) and bound values (`sql.val`).
 */
export function fromKysely(db: QueryExecutorProvider): SqlClient {
  return {
    async query(text, params) {
      const parts: RawBuilder<unknown>[] = splitAtPlaceholders(text).map((part) =>
        typeof part === 'string' ? sql.raw(part) : sql.val(params[part]),
      );
      return rowsOf(await sql.join(parts, sql.raw('')).execute(db));
    },
  };
}
