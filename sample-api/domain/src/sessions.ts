/**
 * Sessions: `{ id, touchedAt }`, where touching a session is a write that only moves its version on.
 *
 * @module
 */

import type { Validators } from '@precond/core';
import {
  appliedRow,
  type CompareAndSetRow,
  deleteIfMatchSql,
  missingResourceError,
  type VersionedTable,
} from './compare-and-set.js';
import { isResourceId, newResourceId } from './resource-id.js';
import type { ExpectedVersion, RecordVersion, VersionColumns } from './row-version.js';
import {
  FIRST_MODIFIED_AT,
  NEXT_VERSION_DATES,
  newEtagToken,
  toExpectedTokens,
  toRecordVersion,
  toValidators,
  VERSION_COLUMNS,
} from './row-version.js';
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
  /** Moves the session on: a new entity-tag and the Last-Modified of now; `undefined` when absent. */
  touch(id: string): Promise<SessionRecord | undefined>;
  /**
   * Ends the session if the current version is `expected`.
   * @throws ResourceNotFoundError when there is no such session.
   */
  delete(id: string, expected: ExpectedVersion): Promise<void>;
}

interface SessionRow extends VersionColumns {
  readonly id: string;
}

const SESSIONS: VersionedTable = { name: 'sessions', key: 'id', columns: 'id' };
const VALIDATORS_SQL = `SELECT ${VERSION_COLUMNS} FROM sessions WHERE id = $1`;
const CREATE_SQL = `INSERT INTO sessions (id, etag, modified_at) VALUES ($1, $2, ${FIRST_MODIFIED_AT})
RETURNING id, ${VERSION_COLUMNS}`;
const TOUCH_SQL = `UPDATE sessions SET etag = $2, ${NEXT_VERSION_DATES} WHERE id = $1
RETURNING id, ${VERSION_COLUMNS}`;
const DELETE_SQL = deleteIfMatchSql(SESSIONS);

function toSession(row: SessionRow): SessionRecord {
  const version = toRecordVersion(row);
  return { id: row.id, touchedAt: version.lastModified, ...version };
}

/** The session store over `sql` (a database, or a transaction on one). */
export function createSessionStore(sql: SqlTransaction): SessionStore {
  return {
    async validators(id) {
      if (!isResourceId(id)) return { exists: false };
      const [row] = await sql.query<VersionColumns>(VALIDATORS_SQL, [id]);
      return toValidators(row);
    },
    async get(id) {
      if (!isResourceId(id)) return undefined;
      const [row] = await sql.query<SessionRow>(`SELECT id, ${VERSION_COLUMNS} FROM sessions WHERE id = $1`, [
        id,
      ]);
      return row && toSession(row);
    },
    async create() {
      const [row] = await sql.query<SessionRow>(CREATE_SQL, [newResourceId(), newEtagToken()]);
      return toSession(row!);
    },
    async touch(id) {
      if (!isResourceId(id)) return undefined;
      const [row] = await sql.query<SessionRow>(TOUCH_SQL, [id, newEtagToken()]);
      return row && toSession(row);
    },
    async delete(id, expected) {
      if (!isResourceId(id)) throw missingResourceError('delete');
      const rows = await sql.query<CompareAndSetRow<VersionColumns>>(DELETE_SQL, [
        id,
        toExpectedTokens(expected),
      ]);
      appliedRow(rows, 'delete');
    },
  };
}
