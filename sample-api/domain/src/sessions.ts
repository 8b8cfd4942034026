/**
 * Sessions: `{ id, touchedAt }`, where touching a session is a write that only moves its version on.
 *
 * @module
 */

import type { Validators } from '@precond/core';
import { missingRowError, versionedTable, writtenRow } from '@precond/postgres';
import { isResourceId, newResourceId } from './resource-id.js';
import type { ExpectedVersion, RecordVersion } from './row-version.js';
import { toWriteCondition } from './row-version.js';
import type { SqlTransaction } from './sql.js';

/** A session as the API shows it. */
export interface Session {
  /** 32 hex digits, chosen by the server. */
  readonly id: string;
  /** When it was created or last touched: its Last-Modified. */
  readonly touchedAt: Date;
}

/** A session with its current version. */
export interface SessionRecord extends Session, RecordVersion {}

/**
 * Session storage. `delete` is a compare-and-set on the entity-tag: an app that received
 * `If-Unmodified-Since` compares it with {@link SessionStore.validators} and deletes with the tag it
 * read there, so a touch in between makes the delete fail rather than slip through.
 */
export interface SessionStore {
  validators(id: string): Promise<Validators>;
  get(id: string): Promise<SessionRecord | undefined>;
  /** Starts a session under a new server-chosen id. */
  create(): Promise<SessionRecord>;
  /**
   * Moves the session on — a new entity-tag and the Last-Modified of now — if the current version is
   * `expected` (any version when it is left out), in one compare-and-set; `undefined` when absent.
   * @throws PreconditionFailedError with the current validators when another version is current.
   */
  touch(id: string, expected?: ExpectedVersion): Promise<SessionRecord | undefined>;
  /**
   * Ends the session if the current version is `expected`.
   * @throws ResourceNotFoundError when there is no such session.
   */
  delete(id: string, expected: ExpectedVersion): Promise<void>;
}

const SESSIONS = versionedTable<{ readonly id: string }, 'id'>({
  name: 'sessions',
  key: 'id',
  columns: { id: 'id' },
});

const ANY_VERSION: ExpectedVersion = { kind: 'any' };

function toSession(row: { readonly id: string } & RecordVersion): SessionRecord {
  const { id, etag, lastModified, lastModifiedStrong } = row;
  return { id, touchedAt: lastModified, etag, lastModified, lastModifiedStrong };
}

/** The session store over `sql` (a database, or a transaction on one). */
export function createSessionStore(sql: SqlTransaction): SessionStore {
  return {
    async validators(id) {
      return isResourceId(id) ? SESSIONS.validators(sql, id) : { exists: false };
    },
    async get(id) {
      const row = isResourceId(id) ? await SESSIONS.get(sql, id) : undefined;
      return row && toSession(row);
    },
    async create() {
      return toSession(writtenRow(await SESSIONS.insert(sql, { id: newResourceId() })));
    },
    async touch(id, expected = ANY_VERSION) {
      if (!isResourceId(id)) return undefined;
      // No field changes: the update only moves the version on, from the one expected.
      const result = await SESSIONS.update(sql, id, {}, toWriteCondition(expected));
      return result.outcome === 'missing' ? undefined : toSession(writtenRow(result));
    },
    async delete(id, expected) {
      if (!isResourceId(id)) throw missingRowError('delete');
      writtenRow(await SESSIONS.delete(sql, id, toWriteCondition(expected)));
    },
  };
}
