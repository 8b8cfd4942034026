/**
 * What a guarded write reports, and the errors precond's adapters answer for it.
 *
 * @module
 */

import { PreconditionFailedError } from '@precond/core';
import type { RecordVersion } from './record-version.js';

/**
 * Which write a result is of: `update` (PATCH) and `delete` find nothing to change when the row is
 * missing (404); `replace` (PUT with If-Match) could have created it, so a missing row fails its
 * precondition (412); `insert` (PUT with `If-None-Match: *`, or a create) fails when the row exists.
 */
export type WriteOperation = 'update' | 'replace' | 'delete' | 'insert';

/**
 * The outcome of one guarded statement:
 * - `written`: the row as written (for `delete`, the version deleted);
 * - `precondition-failed`: another version is current, and `current` is it, read in the same
 *   statement after any concurrent writer committed — what the 412 carries;
 * - `missing`: no row has this key (never for `insert`).
 */
export type WriteResult<Written> =
  | { readonly outcome: 'written'; readonly operation: WriteOperation; readonly row: Written }
  | {
      readonly outcome: 'precondition-failed';
      readonly operation: WriteOperation;
      readonly current: RecordVersion;
    }
  | { readonly outcome: 'missing'; readonly operation: WriteOperation };

/**
 * A write found no row to change: a `PATCH` or `DELETE` of a resource that does not exist, answered
 * with 404 Not Found, which takes precedence over any precondition (RFC 9110 §13.2.1). A `PUT` with
 * `If-Match` to a missing resource is not this: it could have created the resource, so its failed
 * `If-Match` is a 412 (§13.1.1).
 */
export class ResourceNotFoundError extends Error {
  /** Always 404. */
  readonly status = 404 as const;
  override readonly name = 'ResourceNotFoundError';

  constructor(message = 'The resource does not exist') {
    super(message);
  }
}

const CHANGED = 'The resource changed since the client read it';
const EXISTS = 'The resource already exists';
const GONE = 'The resource does not exist';

/**
 * The written row, or the error precond's adapters answer for the other outcomes: a
 * `PreconditionFailedError` (412) carrying the current `etag` and `lastModified`; for a missing row,
 * a {@link ResourceNotFoundError} (404) after `update` or `delete`, a `PreconditionFailedError`
 * without validators after `replace`.
 *
 * @example
 * ```ts
 * const article = writtenRow(await articles.update(db, id, changes, writeCondition));
 * ```
 */
export function writtenRow<Written>(result: WriteResult<Written>): Written {
  switch (result.outcome) {
    case 'written':
      return result.row;
    case 'precondition-failed': {
      const { etag, lastModified } = result.current;
      const message = result.operation === 'insert' ? EXISTS : CHANGED;
      throw new PreconditionFailedError({ etag, lastModified, message });
    }
    default:
      throw missingRowError(result.operation);
  }
}

/**
 * What a write to a row that does not exist throws: a 404 for `update` and `delete`, a 412 with no
 * validators for `replace` and `insert`.
 */
export function missingRowError(operation: WriteOperation): ResourceNotFoundError | PreconditionFailedError {
  return operation === 'update' || operation === 'delete'
    ? new ResourceNotFoundError(GONE)
    : new PreconditionFailedError({ message: GONE });
}
