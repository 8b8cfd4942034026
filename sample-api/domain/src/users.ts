/**
 * Users: `{ name, displayName }`, created only by a safe create and never overwritten by one.
 *
 * @module
 */

import type { Validators } from '@precond/core';
import { missingRowError, versionedTable, writtenRow } from '@precond/postgres';
import { assertResourceId, isResourceId } from './resource-id.js';
import type { ExpectedVersion, RecordVersion } from './row-version.js';
import { toWriteCondition } from './row-version.js';
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

const USERS = versionedTable<User, 'name'>({
  name: 'users',
  key: 'name',
  columns: { name: 'name', displayName: 'display_name' },
});

/** The user store over `sql` (a database, or a transaction on one). */
export function createUserStore(sql: SqlTransaction): UserStore {
  return {
    async validators(name) {
      return isResourceId(name) ? USERS.validators(sql, name) : { exists: false };
    },
    async get(name) {
      return isResourceId(name) ? USERS.get(sql, name) : undefined;
    },
    async insert(name, input) {
      assertResourceId(name, 'user name');
      return writtenRow(await USERS.insert(sql, { name, displayName: input.displayName ?? null }));
    },
    async replace(name, input, expected) {
      if (!isResourceId(name)) throw missingRowError('replace');
      const fields = { displayName: input.displayName ?? null };
      return writtenRow(await USERS.replace(sql, name, fields, toWriteCondition(expected)));
    },
  };
}
