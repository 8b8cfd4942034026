/**
 * Which error a handler throws becomes which answer, the same in every app.
 *
 * @module
 */

import { ResourceNotFoundError } from './resource-not-found.js';
import { StorageUnavailableError } from './storage-unavailable.js';

/** The problem an app answers an error with: status, `detail`, and any fields beside the problem's own. */
export interface ErrorProblem {
  readonly status: number;
  readonly detail: string;
  /** Fields to send besides `Content-Type` and `Cache-Control` (`Retry-After` on a 503); lower case. */
  readonly headers: Readonly<Record<string, string>>;
}

const NO_FIELDS: Readonly<Record<string, string>> = {};

/**
 * The problem for an error a handler threw:
 *
 * - `StorageUnavailableError`: 503 with `Retry-After: 1` (RFC 9110 §15.6.4, §10.2.3), never a
 *   silent 200;
 * - `ResourceNotFoundError`: 404 with its message (a write decided by its compare-and-set alone
 *   found no row; a 404 takes precedence over preconditions, RFC 9110 §13.2.1);
 * - anything else: 500 with a fixed detail, the error itself written to the log (`console.error`)
 *   and never to the client.
 *
 * A lost compare-and-set (`PreconditionFailedError`) is not here: each adapter turns it into core's
 * 412 before an app sees it. Framework errors that carry a client status (a router's 405, a parser's
 * 400) are the app's to translate first.
 */
export function problemForError(error: unknown): ErrorProblem {
  if (error instanceof StorageUnavailableError) {
    return {
      status: 503,
      detail: 'The database is unavailable; try again shortly',
      headers: { 'retry-after': '1' },
    };
  }
  if (error instanceof ResourceNotFoundError)
    return { status: 404, detail: error.message, headers: NO_FIELDS };
  console.error(error);
  return { status: 500, detail: 'An unexpected error occurred', headers: NO_FIELDS };
}
