/**
 * The condition a write's compare-and-set checks, so that a request whose only precondition is
 * If-Match can be decided by the write itself, in one database statement, instead of a validator
 * read followed by the write.
 *
 * @module
 */

import { identityEntityTag } from './content-coding.js';
import { formatEntityTag, isBareStrongTag, parseEntityTagList, strongMatch } from './entity-tag.js';
import type { Validators } from './evaluate.js';
import { canWrite, normaliseMethod } from './method.js';
import type { ConditionalRequest } from './request-fields.js';
import { readRequestFields } from './request-fields.js';

/**
 * What the stored entity-tag must be for a write to go ahead:
 * - `{ kind: 'any' }` — any current representation (`If-Match: *`);
 * - `{ kind: 'etags', etags }` — one of these strong entity-tags, each formatted as in an `ETag`
 *   field (`"abc"`). An empty list matches nothing: a malformed or all-weak `If-Match` fails.
 *
 * In SQL: `UPDATE … WHERE id = $1 AND etag = ANY($2)` (or no tag test for `any`); no row written
 * and a row found is a 412 carrying that row's validators, no row at all is a missing resource.
 */
export type WriteCondition =
  | { readonly kind: 'any' }
  | { readonly kind: 'etags'; readonly etags: readonly string[] };

const ANY: WriteCondition = Object.freeze({ kind: 'any' });

/**
 * The condition of an unsafe request that If-Match alone decides, or `undefined` when the request
 * needs the resource's validators to be decided.
 *
 * RFC 9110 §13.2.2 evaluates If-Match first and skips If-Unmodified-Since when If-Match is present;
 * If-Modified-Since and If-Range apply to GET, HEAD (and QUERY) only. So when an unsafe request carries
 * If-Match and no If-None-Match, "does the current entity-tag strongly match one of these?" is the
 * whole decision, and a compare-and-set on the stored tag answers it atomically — the same answer
 * `evaluatePreconditions` gives, without reading the validators first. A request with
 * If-None-Match (which may fail against the tag the write would replace) returns `undefined`.
 *
 * Never throws, whatever the header bytes.
 *
 * @example
 * ```ts
 * writeConditionOf({ method: 'PATCH', headers: { 'if-match': '"v1", W/"v0"' } });
 * // { kind: 'etags', etags: ['"v1"'] } — a weak tag never matches strongly
 * writeConditionOf({ method: 'PATCH', headers: { 'if-match': '"v1-gzip"' } });
 * // { kind: 'etags', etags: ['"v1-gzip"', '"v1"'] } — the tag of v1's gzip body, and v1's
 * ```
 */
export function writeConditionOf(request: ConditionalRequest): WriteCondition | undefined {
  if (!canWrite(normaliseMethod(request?.method))) return undefined;
  const { ifMatch, ifNoneMatch } = readRequestFields(request);
  if (ifMatch === undefined || ifNoneMatch !== undefined) return undefined;
  // The tag a client got in an ETag and sends back as it is: itself, unless it may name a coding.
  if (isBareStrongTag(ifMatch) && ifMatch.indexOf('-') < 0) return { kind: 'etags', etags: [ifMatch] };
  const list = parseEntityTagList(ifMatch);
  if (list === '*') return ANY;
  const etags: string[] = [];
  for (const tag of list) {
    if (tag.weak) continue;
    etags.push(formatEntityTag(tag));
    // A content-coded tag (`"abc-gzip"`) names the stored version `"abc"` in another coding: the
    // write goes ahead while that version is current, as evaluatePreconditions decides.
    const identity = identityEntityTag(tag);
    if (identity !== undefined) etags.push(formatEntityTag(identity));
  }
  return { kind: 'etags', etags };
}

/**
 * The condition a handler's compare-and-set checks after validator-first evaluation let the
 * request proceed: the tag the request was evaluated against. A resource that exists without an
 * entity-tag (dated only) gives `{ kind: 'any' }`: the write goes ahead while it exists, and a date
 * condition was checked against the loaded version only (give the resource an ETag to have it
 * checked in the write itself). `undefined` when there is no current representation (create it, or
 * answer 404).
 */
export function writeConditionFromValidators(validators: Validators | undefined): WriteCondition | undefined {
  if (!validators?.exists) return undefined;
  if (typeof validators.etag !== 'string') return ANY;
  return { kind: 'etags', etags: [validators.etag] };
}

/**
 * Whether a resource with these validators satisfies `condition`: the compare-and-set's test, in
 * memory, for stores that are not a database (and for tests).
 */
export function satisfiesWriteCondition(condition: WriteCondition, validators: Validators): boolean {
  if (!validators?.exists) return false;
  if (condition.kind === 'any') return true;
  const current = validators.etag;
  return current !== undefined && condition.etags.some((etag) => strongMatch(etag, current));
}
