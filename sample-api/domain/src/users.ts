/**
 * Users: `{ name, displayName }`, created only by a safe create and never overwritten by one.
 *
 * @module
 */

import type { Validators } from '@precond/core';
import {
  appliedRow,
  type CompareAndSetRow,
  insertIfAbsentSql,
  missingResourceError,
  updateIfMatchSql,
  type VersionedTable,
} from './compare-and-set.js';
import { assertResourceId, isResourceId } from './resource-id.js';
import type { ExpectedVersion, RecordVersion, VersionColumns } from './row-version.js';
import {
  newEtagToken,
  toExpectedTokens,
  toRecordVersion,
  toValidators,
  VERSION_COLUMNS,
} from './row-version.js';
import type { SqlTransaction } from './sql.js';

/** What a user holds besides the name. */
export interface UserFields {
  /** At most 200 characters; `null` when the user has none. */
  readonly displayName: string | null;
}

/** A user as the API shows it. */
export interface User extends UserFields {
  /** `[A-Za-z0-9_-]{1,64}`, chosen by the client. */
  readonly name: string;
}

/** A user with its current version. */
export interface UserRecord extends User, RecordVersion {}

/** The fields a create or a replacement takes; a missing `displayName` means none. */
export interface UserInput {
  readonly displayName?: string | null | undefined;
}

/**
 * User storage, with the same rules as the article store: unknown or invalid names read as
 * absent, writes are compare-and-set statements throwing `PreconditionFailedError`.
 */
export interface UserStore {
  validators(name: string): Promise<Validators>;
  get(name: string): Promise<UserRecord | undefined>;
  /**
   * Creates the user unless one exists (`PUT` with `If-None-Match: *`).
   * @throws PreconditionFailedError with the existing user's validators when it exists.
   * @throws RangeError when `name` is not a valid id.
   */
  insert(name: string, input: UserInput): Promise<UserRecord>;
  /** Replaces the user's fields if the current version is `expected` (`PUT` with `If-Match`). */
  replace(name: string, input: UserInput, expected: ExpectedVersion): Promise<UserRecord>;
}

interface UserRow extends VersionColumns {
  readonly name: string;
  readonly display_name: string | null;
}

const USERS: VersionedTable = { name: 'users', key: 'name', columns: 'name, display_name' };
const VALIDATORS_SQL = `SELECT ${VERSION_COLUMNS} FROM users WHERE name = $1`;
const INSERT_SQL = insertIfAbsentSql(USERS, 'display_name', '$3');
const REPLACE_SQL = updateIfMatchSql(USERS, 'display_name = $4');

function toUser(row: UserRow): UserRecord {
  return { name: row.name, displayName: row.display_name, ...toRecordVersion(row) };
}

/** The user store over `sql` (a database, or a transaction on one). */
export function createUserStore(sql: SqlTransaction): UserStore {
  return {
    async validators(name) {
      if (!isResourceId(name)) return { exists: false };
      const [row] = await sql.query<VersionColumns>(VALIDATORS_SQL, [name]);
      return toValidators(row);
    },
    async get(name) {
      if (!isResourceId(name)) return undefined;
      const [row] = await sql.query<UserRow>(
        `SELECT name, display_name, ${VERSION_COLUMNS} FROM users WHERE name = $1`,
        [name],
      );
      return row && toUser(row);
    },
    async insert(name, input) {
      assertResourceId(name, 'user name');
      const rows = await sql.query<CompareAndSetRow<UserRow>>(INSERT_SQL, [
        name,
        newEtagToken(),
        input.displayName ?? null,
      ]);
      return toUser(appliedRow(rows, 'insert'));
    },
    async replace(name, input, expected) {
      if (!isResourceId(name)) throw missingResourceError('replace');
      const rows = await sql.query<CompareAndSetRow<UserRow>>(REPLACE_SQL, [
        name,
        newEtagToken(),
        toExpectedTokens(expected),
        input.displayName ?? null,
      ]);
      return toUser(appliedRow(rows, 'replace'));
    },
  };
}
