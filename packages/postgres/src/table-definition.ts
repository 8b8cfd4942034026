/**
 * A user's table as the statements see it: its name, its key, which column holds each field, and
 * its version columns. Written once in code, so every identifier comes from here, never from input.
 *
 * @module
 */

import type { DeletionTable } from './deletions.js';
import type { IdempotencyKeyTable } from './idempotency-keys.js';
import { quoteIdentifier } from './identifier.js';
import type { VersionColumnNames } from './record-version.js';
import { DEFAULT_VERSION_COLUMNS } from './record-version.js';

/**
 * How a table of `Row`s is laid out. `Row` is what the driver returns for the data columns (an
 * `integer` is a `number`, a `bigint` a `string` with node-postgres, a `timestamptz` a `Date`…);
 * it must not use the names `etag`, `lastModified` or `lastModifiedStrong`, which records carry.
 */
export interface TableDefinition<Row extends object, Key extends keyof Row & string> {
  /** The table's name, as created (case-sensitive: it is quoted). */
  readonly name: string;
  /** The schema, when the table is not found on the `search_path`. */
  readonly schema?: string | undefined;
  /** The field that identifies a row; its column must be the primary key or unique. */
  readonly key: Key;
  /** The column of every field of `Row`, the key's included: `{ displayName: 'display_name', … }`. */
  readonly columns: { readonly [Field in keyof Row & string]-?: string };
  /** The version columns' names, when not `etag`, `modified_at` and `modified_at_strong`. */
  readonly versionColumns?: Partial<VersionColumnNames> | undefined;
  /**
   * Where `insertOnce` records `Idempotency-Key`s, and for how long.
   * @defaultValue `idempotency_keys` on the `search_path`, keys kept 24 hours
   */
  readonly idempotencyKeys?: IdempotencyKeyTable | undefined;
  /**
   * Where `delete` records the date of a version it removes while a row created again under the
   * same key could share its second (see `deletionsMigration`); `insert` and `insertOnce` read it.
   * One table serves every guarded table.
   * @defaultValue `precond_deletions` on the `search_path`
   */
  readonly deletions?: DeletionTable | undefined;
}

/** A table's identifiers, each quoted once, ready to be put into statements. */
export interface QuotedNames {
  /** `"schema"."name"` or `"name"`. */
  readonly table: string;
  readonly key: string;
  /** Every field, in definition order, with its quoted column. */
  readonly fields: readonly { readonly field: string; readonly column: string }[];
  readonly etag: string;
  readonly modifiedAt: string;
  readonly modifiedAtStrong: string;
}

/** A definition with its identifiers quoted. */
export interface QuotedTable<Row extends object, Key extends keyof Row & string> extends QuotedNames {
  readonly definition: TableDefinition<Row, Key>;
  readonly fields: readonly { readonly field: keyof Row & string; readonly column: string }[];
}

/** The fields every row read or written carries besides the table's own (`RecordVersion`). */
const VERSION_FIELDS: ReadonlySet<string> = new Set(['etag', 'lastModified', 'lastModifiedStrong']);

/**
 * The definition with its identifiers quoted.
 *
 * @throws TypeError when a name is empty, the key has no column, a field is named `etag`,
 * `lastModified` or `lastModifiedStrong` (the row's version would overwrite it), or a field's column
 * is a version column (the statements write those themselves).
 */
export function quoteTable<Row extends object, Key extends keyof Row & string>(
  definition: TableDefinition<Row, Key>,
): QuotedTable<Row, Key> {
  const columns: Readonly<Record<string, string>> = definition.columns;
  const keyColumn = columns[definition.key];
  if (keyColumn === undefined) throw new TypeError(`The key ${definition.key} has no column`);
  const versions = { ...DEFAULT_VERSION_COLUMNS, ...definition.versionColumns };
  const versionColumns = new Set(Object.values(versions));
  for (const [field, column] of Object.entries(columns)) {
    if (VERSION_FIELDS.has(field)) {
      throw new TypeError(
        `Table ${definition.name}: the field ${field} clashes with the version every row carries (etag, lastModified, lastModifiedStrong); leave the version columns out of Row and columns`,
      );
    }
    if (versionColumns.has(column)) {
      throw new TypeError(
        `Table ${definition.name}: the field ${field} maps to the version column ${column}, which the statements write themselves; leave it out of Row and columns`,
      );
    }
  }
  const name = quoteIdentifier(definition.name);
  return {
    definition,
    table: definition.schema === undefined ? name : `${quoteIdentifier(definition.schema)}.${name}`,
    key: quoteIdentifier(keyColumn),
    fields: Object.entries(columns).map(([field, column]) => ({
      field: field as keyof Row & string,
      column: quoteIdentifier(column),
    })),
    etag: quoteIdentifier(versions.etag),
    modifiedAt: quoteIdentifier(versions.modifiedAt),
    modifiedAtStrong: quoteIdentifier(versions.modifiedAtStrong),
  };
}
