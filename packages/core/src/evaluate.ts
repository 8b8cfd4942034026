/**
 * The one decision: proceed, 304, 412 or 428, and whether to ignore Range (RFC 9110 §13.2.2,
 * RFC 6585 §3).
 *
 * @module
 */

import { codedEntityTag, listMatchesCodedTag } from './content-coding.js';
import type { EntityTag } from './entity-tag.js';
import { isWildcard, listMatchesValidTag, parseEntityTag } from './entity-tag.js';
import { parseHttpDateMillis, toEpochSeconds } from './http-date.js';
import { handlesRange, ignoresPreconditions, isConditionalRetrieval, normaliseMethod } from './method.js';
import type { ConditionalFields, ConditionalRequest } from './request-fields.js';
import { readRequestFields } from './request-fields.js';

/**
 * The selected resource's current validators: what the server knows before it renders anything.
 * A route that can load these cheaply lets a conditional request be answered without doing the work.
 */
export interface Validators {
  /** Whether the resource has a current representation (RFC 9110 §13.1.1 `*`). */
  readonly exists: boolean;
  /** The full entity-tag as it appears in an `ETag` field: `"abc"` or `W/"abc"`. */
  readonly etag?: string | undefined;
  /** The Last-Modified moment: a `Date`, epoch milliseconds, or an HTTP-date string. */
  readonly lastModified?: Date | number | string | undefined;
  /**
   * Whether `lastModified` is a strong validator (RFC 9110 §8.8.2.2): the server knows this is the
   * only version of the resource whose modification time falls in that second — storage that
   * records each write's exact time can tell whether the previous version was written in the same
   * second. When `false`, a date naming that second cannot tell the client's version from the
   * current one: `If-Unmodified-Since` naming it fails (412, with the `ETag` to use instead),
   * `If-Modified-Since` naming it never answers 304, and the date form of `If-Range` does not hold.
   * When absent, the dates compare as RFC 9110 §13.1.3 and §13.1.4 state, and an `If-Range` date
   * holds only once its second has ended.
   */
  readonly lastModifiedStrong?: boolean | undefined;
}

/** The conditional request fields a precondition can be made of (RFC 9110 §13.1). */
export type ConditionField =
  | 'If-Match'
  | 'If-None-Match'
  | 'If-Modified-Since'
  | 'If-Unmodified-Since'
  | 'If-Range';

/** Options for {@link evaluatePreconditions}. */
export interface EvaluateOptions {
  /**
   * Answer 428 Precondition Required (RFC 6585 §3) to a request that carries no usable
   * precondition. `true` means PUT, PATCH and DELETE; a list names the methods.
   * @defaultValue false
   */
  readonly requirePreconditions?: boolean | readonly string[] | undefined;
  /**
   * The moment the response is generated: an `If-Modified-Since` later than it is ignored, and,
   * when the validators do not say, it decides whether a Last-Modified date is a strong validator
   * for If-Range (RFC 9110 §8.8.2.2). Defaults to the current time.
   */
  readonly now?: Date | number | undefined;
}

/** What {@link evaluatePreconditions} decided. `ignoreRange` is meaningful when proceeding. */
export type Evaluation =
  | {
      readonly outcome: 'proceed';
      readonly status?: undefined;
      /** `true` when a GET carries Range and If-Range and If-Range is false: send the full 200. */
      readonly ignoreRange: boolean;
      readonly reason: string;
      readonly field?: undefined;
    }
  | {
      readonly outcome: 'not-modified';
      readonly status: 304;
      readonly ignoreRange: boolean;
      readonly reason: string;
      /** The field whose evaluation decided the outcome. */
      readonly field: 'If-None-Match' | 'If-Modified-Since';
    }
  | {
      readonly outcome: 'precondition-failed';
      readonly status: 412;
      readonly ignoreRange: boolean;
      readonly reason: string;
      readonly field: 'If-Match' | 'If-Unmodified-Since' | 'If-None-Match';
    }
  | {
      readonly outcome: 'precondition-required';
      readonly status: 428;
      readonly ignoreRange: boolean;
      readonly reason: string;
      readonly field?: undefined;
    };

/** The outcome names of {@link Evaluation}. */
export type Outcome = Evaluation['outcome'];

/** Fields that make an unsafe request conditional for 428 purposes, in the order a client would use them. */
export const PRECONDITION_FIELDS = ['If-Match', 'If-Unmodified-Since', 'If-None-Match'] as const;

const DEFAULT_REQUIRED_METHODS: readonly string[] = ['PUT', 'PATCH', 'DELETE'];

/** Whether `requirePreconditions` names `method` (normalised): a 428 answers it without a precondition. */
export function requiresPrecondition(
  method: string,
  option: EvaluateOptions['requirePreconditions'],
): boolean {
  if (!option) return false;
  const methods = option === true ? DEFAULT_REQUIRED_METHODS : Array.isArray(option) ? option : [];
  for (const required of methods) {
    if (normaliseMethod(required) === method) return true;
  }
  return false;
}

/** The request's If-Range holds against the current validators (RFC 9110 §13.1.5). */
function ifRangeHolds(
  value: string,
  current: EntityTag | undefined,
  lastModified: number | undefined,
  lastModifiedStrong: boolean | undefined,
  now: number,
): boolean {
  const text = value.trim();
  if (text.startsWith('"') || text.startsWith('W/')) {
    // The entity-tag form: strong comparison, so a weak tag on either side never matches.
    const tag = parseEntityTag(text);
    return (
      tag !== undefined &&
      current !== undefined &&
      !tag.weak &&
      !current.weak &&
      tag.opaque === current.opaque
    );
  }
  const date = parseHttpDateMillis(text);
  if (date === undefined || lastModified === undefined) return false;
  // §8.8.2.2: a Last-Modified date is strong only if the resource cannot have changed twice in the
  // second it names; without storage-level knowledge, that second must have ended before `now`.
  const strong = lastModifiedStrong ?? lastModified + 1 <= now;
  return strong && Math.floor(date / 1000) === lastModified;
}

/**
 * Whether an If-Modified-Since date lets a GET be answered 304 (RFC 9110 §13.1.3): the
 * representation was last modified no later than that second, that second does not name two
 * versions, and the date is not in the future: a date later than the server's clock cannot come
 * from a Last-Modified this server sent (RFC 2616 §14.25 called it invalid; RFC 9110 leaves it to
 * the server), so a client whose own clock runs ahead is sent the representation.
 */
function modifiedSinceHolds(
  since: number,
  lastModified: number,
  lastModifiedStrong: boolean | undefined,
  options: EvaluateOptions | undefined,
): boolean {
  if (lastModified > since || since > nowSeconds(options)) return false;
  return lastModified < since || lastModifiedStrong !== false;
}

/** `options.now` (the current time by default) in whole seconds, as dates are compared. */
export function nowSeconds(options: EvaluateOptions | undefined): number {
  return toEpochSeconds(options?.now ?? Date.now()) ?? 0;
}

const SHARED_SECOND_UNMODIFIED =
  'If-Unmodified-Since failed: the resource changed more than once in that second, so the date cannot tell which version the client has; use If-Match with the ETag';
const NOT_MODIFIED_WILDCARD = 'If-None-Match: * and the resource exists: not modified';
const NOT_MODIFIED_TAG = 'If-None-Match matched the current entity-tag: not modified';

// A route evaluates the same few tags over and over: remember the last one parsed.
let lastEtagField: string | undefined;
let lastEtag: EntityTag | undefined;

function currentEntityTag(field: string): EntityTag | undefined {
  if (field !== lastEtagField) {
    lastEtag = parseEntityTag(field);
    lastEtagField = field;
  }
  return lastEtag;
}

/**
 * Whether a list field matches the current tag. The common case, a client echoing the ETag it was
 * given, is the very same string as the current field: a well-formed single member equal to it.
 * A content-coded form of the current tag (`"abc-gzip"`, the tag of a gzip body) matches too: it
 * names the current state in another coding, so a client that received the gzip body revalidates
 * and writes with the tag it was given (content-coding.ts). If-Range does not come here: it must
 * name the very representation a range would be cut from.
 */
function matchesCurrent(field: string, etagField: string, current: EntityTag, strong: boolean): boolean {
  if (field === etagField) return !(strong && current.weak);
  return listMatchesValidTag(field, current, strong) || listMatchesCodedTag(field, current, strong);
}

/**
 * Whether a retrieval's If-None-Match list matches (weakly) the representation its response selects:
 * with `contentCoding` known, that coding's tag alone (RFC 9110 §13.1.2 compares with the selected
 * representation, and a coded body is another one, §8.8.3); unknown, the current tag or a coded form
 * of it, as {@link matchesCurrent}. A write's If-None-Match is not this: it guards the resource's state,
 * which any coded form of the current tag names, whatever the write's `Accept-Encoding` (a 412 too
 * many is safe, a write too many is not).
 */
function noneMatchesSelected(
  field: string,
  etagField: string,
  current: EntityTag,
  contentCoding: string | undefined,
): boolean {
  if (contentCoding === undefined) return matchesCurrent(field, etagField, current, false);
  const selectedField = codedEntityTag(etagField, contentCoding);
  if (selectedField === etagField) return field === etagField || listMatchesValidTag(field, current, false);
  const selected = parseEntityTag(selectedField);
  return selected !== undefined && (field === selectedField || listMatchesValidTag(field, selected, false));
}

function proceed(ignoreRange: boolean, reason: string): Evaluation {
  return { outcome: 'proceed', ignoreRange, reason };
}

const notModified = (
  ignoreRange: boolean,
  field: 'If-None-Match' | 'If-Modified-Since',
  reason: string,
): Evaluation => ({
  outcome: 'not-modified',
  status: 304,
  ignoreRange,
  reason,
  field,
});

const failed = (
  ignoreRange: boolean,
  field: 'If-Match' | 'If-Unmodified-Since' | 'If-None-Match',
  reason: string,
): Evaluation => ({ outcome: 'precondition-failed', status: 412, ignoreRange, reason, field });

/**
 * Decides a conditional request exactly as RFC 9110 §13.2.2 orders it:
 *
 * 1. If-Match (strong comparison; `*` holds iff the resource exists) — false: 412.
 * 2. Otherwise If-Unmodified-Since (ignored when invalid or without a Last-Modified) — false: 412.
 * 3. If-None-Match (weak comparison; `*` fails iff the resource exists) — false: 304 for GET, HEAD
 *    and QUERY (draft-ietf-httpbis-safe-method-w-body: a conditional QUERY is a conditional GET of
 *    the query results), 412 for any other method.
 * 4. Otherwise, for GET, HEAD and QUERY only, If-Modified-Since (ignored when invalid or without a
 *    Last-Modified) — false: 304.
 * 5. If-Range, for a GET that carries Range — false: `ignoreRange`, send the full 200.
 *
 * Before that, with `requirePreconditions`, a request of a listed method that carries no usable
 * precondition gets 428 (RFC 6585 §3). CONNECT, OPTIONS and TRACE ignore preconditions (§13.2.1).
 * `Cache-Control` in the request plays no part: an origin server evaluates regardless.
 * Dates compare at one-second resolution. Never throws, whatever the header bytes; runs in time
 * linear in the header length.
 *
 * @param request - the method and headers (a Fetch `Headers` or a Node-style record), and Node's
 *   `rawHeaders` when there are any, so that repeated field lines are read as sent.
 * @param resource - the selected resource's current validators.
 * @param options - see {@link EvaluateOptions}.
 * @example
 * ```ts
 * const result = evaluatePreconditions(
 *   { method: 'PATCH', headers: { 'if-match': '"v1"' } },
 *   { exists: true, etag: '"v2"' },
 * );
 * result.status; // 412
 * ```
 */
export function evaluatePreconditions(
  request: ConditionalRequest,
  resource: Validators,
  options?: EvaluateOptions,
): Evaluation {
  const method = normaliseMethod(request?.method);
  const fields: ConditionalFields = readRequestFields(request);
  if (ignoresPreconditions(method)) {
    return proceed(false, `${method} ignores preconditions (RFC 9110 §13.2.1)`);
  }
  const exists = resource?.exists === true;
  const current = exists && typeof resource.etag === 'string' ? currentEntityTag(resource.etag) : undefined;
  const retrieval = isConditionalRetrieval(method);
  const { ifMatch, ifNoneMatch, ifModifiedSince, ifRange, range } = fields;
  // Only the date fields read Last-Modified; a plain If-None-Match revalidation never needs it.
  const readsDate =
    fields.ifUnmodifiedSince !== undefined ||
    (ifModifiedSince !== undefined && ifNoneMatch === undefined) ||
    (ifRange !== undefined && range !== undefined);
  const lastModified = exists && readsDate ? toEpochSeconds(resource.lastModified) : undefined;
  const unmodifiedSince =
    fields.ifUnmodifiedSince === undefined ? undefined : parseHttpDateMillis(fields.ifUnmodifiedSince);
  const strongDate = resource?.lastModifiedStrong;
  const ignoreRange =
    handlesRange(method) &&
    range !== undefined &&
    ifRange !== undefined &&
    !ifRangeHolds(ifRange, current, lastModified, strongDate, nowSeconds(options));

  if (requiresPrecondition(method, options?.requirePreconditions)) {
    const usable =
      ifMatch !== undefined ||
      ifNoneMatch !== undefined ||
      (unmodifiedSince !== undefined && lastModified !== undefined);
    if (!usable) {
      return {
        outcome: 'precondition-required',
        status: 428,
        ignoreRange,
        // A DELETE has nothing to create: `If-None-Match: *` is no way for it to proceed.
        reason:
          method === 'DELETE'
            ? `${method} requires a precondition: send If-Match with the current ETag`
            : `${method} requires a precondition: send If-Match with the current ETag (or If-None-Match: * to create)`,
      };
    }
  }

  // Step 1 and 2: If-Match, else If-Unmodified-Since.
  if (ifMatch !== undefined) {
    if (isWildcard(ifMatch)) {
      if (!exists)
        return failed(
          ignoreRange,
          'If-Match',
          'If-Match: * failed: the resource has no current representation',
        );
    } else if (current === undefined || !matchesCurrent(ifMatch, resource.etag as string, current, true)) {
      const have =
        current === undefined
          ? 'the resource has no current entity-tag'
          : `the current one is ${resource.etag}`;
      return failed(
        ignoreRange,
        'If-Match',
        `If-Match failed: no listed entity-tag strongly matches (${have})`,
      );
    }
  } else if (unmodifiedSince !== undefined && lastModified !== undefined) {
    const since = Math.floor(unmodifiedSince / 1000);
    if (lastModified > since) {
      return failed(
        ignoreRange,
        'If-Unmodified-Since',
        'If-Unmodified-Since failed: the resource was modified after that date',
      );
    }
    if (lastModified === since && strongDate === false) {
      return failed(ignoreRange, 'If-Unmodified-Since', SHARED_SECOND_UNMODIFIED);
    }
  }

  // Step 3 and 4: If-None-Match, else If-Modified-Since (GET, HEAD and QUERY only).
  if (ifNoneMatch !== undefined) {
    const wildcard = isWildcard(ifNoneMatch);
    if (
      wildcard
        ? exists
        : current !== undefined &&
          (retrieval
            ? noneMatchesSelected(ifNoneMatch, resource.etag as string, current, request?.contentCoding)
            : matchesCurrent(ifNoneMatch, resource.etag as string, current, false))
    ) {
      if (retrieval) {
        return notModified(ignoreRange, 'If-None-Match', wildcard ? NOT_MODIFIED_WILDCARD : NOT_MODIFIED_TAG);
      }
      const what = wildcard
        ? 'If-None-Match: * and the resource exists'
        : 'If-None-Match matched the current entity-tag';
      return failed(ignoreRange, 'If-None-Match', `${what}: precondition failed for ${method}`);
    }
  } else if (retrieval && ifModifiedSince !== undefined && lastModified !== undefined) {
    const since = parseHttpDateMillis(ifModifiedSince);
    if (
      since !== undefined &&
      modifiedSinceHolds(Math.floor(since / 1000), lastModified, strongDate, options)
    ) {
      return notModified(ignoreRange, 'If-Modified-Since', 'If-Modified-Since: not modified since that date');
    }
  }

  if (ignoreRange)
    return proceed(true, 'If-Range did not match the current validators: send the full representation');
  const any = ifMatch ?? ifNoneMatch ?? fields.ifUnmodifiedSince ?? ifModifiedSince;
  return proceed(false, any === undefined ? 'no preconditions' : 'all preconditions passed');
}
