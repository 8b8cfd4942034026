/**
 * Reading a user from a request body (`PUT /api/users/:name`).
 *
 * @module
 */

import type { ParseResult } from './parse-result.js';
import { isJsonObject } from './parse-result.js';
import { textFieldProblem } from './text-field.js';
import type { UserFields } from './users.js';

const DISPLAY_NAME_BOUNDS = { min: 0, max: 200 };

/** Options for {@link parseUserInput}. */
export interface ParseUserOptions {
  /** The name in the URL. A body may repeat it in a `name` member; a different `name` is refused. */
  readonly name?: string | undefined;
}

/**
 * Reads user fields from a parsed JSON body: `displayName`, optional, a string of at most 200
 * characters (storable text: no U+0000, no lone surrogates); absent or `null` means none. Other
 * members are ignored.
 */
export function parseUserInput(json: unknown, options: ParseUserOptions = {}): ParseResult<UserFields> {
  if (!isJsonObject(json)) return { ok: false, detail: 'The body must be a JSON object' };
  if (options.name !== undefined && 'name' in json && json.name !== options.name) {
    return {
      ok: false,
      detail: `name must be ${JSON.stringify(options.name)}, the name in the URL, when present`,
    };
  }
  const displayName = json.displayName;
  if (displayName === undefined || displayName === null) return { ok: true, value: { displayName: null } };
  const problem = textFieldProblem('displayName', displayName, DISPLAY_NAME_BOUNDS);
  if (problem) return { ok: false, detail: problem };
  return { ok: true, value: { displayName: displayName as string } };
}
