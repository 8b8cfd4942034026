/**
 * The complete answer for an evaluation that does not proceed: status, fields and body. Adapters
 * copy it onto their framework's response; none of them decides anything about it.
 *
 * @module
 */

import type { PreconditionFailedError } from './errors.js';
import { isPreconditionFailed } from './errors.js';
import type { Evaluation, Validators } from './evaluate.js';
import { formatHttpDate, toEpochSeconds } from './http-date.js';
import type { ResponseHeaderRecord } from './kept-fields.js';
import { isDroppedFromPreconditionResponse, keepFields } from './kept-fields.js';
import type { ProblemContext, ProblemHook } from './options.js';
import type { IdempotencyKeyRefusal, ProblemDetails } from './problem.js';
import {
  idempotencyKeyProblem,
  PROBLEM_CONTENT_TYPE,
  preconditionFailedProblem,
  preconditionRequiredProblem,
} from './problem.js';

/**
 * A response an adapter sends as it is: a 304, 412 or 428 of RFC 9110 §13, or the 400, 409 or 422
 * refusing an `Idempotency-Key`. `body` is `null` for 304.
 */
export interface PreconditionResponse {
  readonly status: 304 | 400 | 409 | 412 | 422 | 428;
  /** Field names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The serialized problem details (all but 304), or `null` (304). */
  readonly body: string | null;
  /** The problem details object behind `body`, when there is one. */
  readonly problem: ProblemDetails | null;
}

/** Where a response is going, for the problem body's `instance` and the problem hook. */
export interface ResponseContext {
  readonly method: string;
  readonly path: string;
  readonly formatProblem?: ProblemHook | undefined;
}

/**
 * How long before now a Last-Modified must lie for the HTTP server's own `Date` to be later than it
 * for certain: a minute, far beyond how long a server's cached `Date` outlives its second.
 */
const SERVER_DATE_LAG_SECONDS = 60;

/**
 * The `ETag` and `Last-Modified` fields for a set of validators (RFC 9110 §8.8), as a 200, a 304
 * or a 412 would carry them. A Last-Modified that cannot be read is left out.
 *
 * A Last-Modified is measured against `now`, and one later than `now` is sent as `now` (§8.8.2.1:
 * an origin server MUST NOT send a Last-Modified later than its Date), which a database on another
 * host with a clock ahead of this one would otherwise cause. A Last-Modified of the last minute
 * comes with the `Date` of that same reading of the clock (RFC 9110 §6.6.1): the HTTP server's own
 * could be earlier, since Node caches its `Date` value and renews it each second from a timer that
 * a busy event loop delays. An older one leaves `Date` to the server, whose own is then certainly
 * later, and costs no field.
 *
 * @param now - the moment of message origination; defaults to the current time.
 */
export function validatorHeaders(
  validators: Validators | undefined,
  now: number = Date.now(),
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!validators?.exists) return headers;
  if (typeof validators.etag === 'string') headers.etag = validators.etag;
  const seconds = toEpochSeconds(validators.lastModified);
  if (seconds !== undefined) {
    const date = Math.floor(now / 1000);
    const sent = Math.min(seconds, date);
    headers['last-modified'] = formatHttpDate(sent * 1000);
    if (date - sent < SERVER_DATE_LAG_SECONDS) headers.date = formatHttpDate(date * 1000);
  }
  return headers;
}

function problemResponse(
  status: Exclude<PreconditionResponse['status'], 304>,
  problem: ProblemDetails,
  headers: Record<string, string>,
  context: ResponseContext,
  hookContext: ProblemContext,
): PreconditionResponse {
  const body = context.formatProblem ? context.formatProblem(problem, hookContext) : problem;
  return {
    status,
    headers: { ...headers, 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' },
    body: JSON.stringify(body),
    problem: body,
  };
}

/**
 * Shapes the response for an evaluation that did not proceed:
 *
 * - 304: the validators' `ETag` and `Last-Modified`, no body. The fields of the 200 it stands for
 *   (Cache-Control, Vary…) come from that response ({@link preconditionResponseHeaders}) or, before
 *   the handler, from the `cacheFields` option.
 * - 412: `application/problem+json` with `detail` from the evaluation, and the current `ETag`
 *   (and `Last-Modified`) in the fields and the body, so the client can re-read and retry.
 * - 428: `application/problem+json` naming the accepted condition fields.
 *
 * Problem responses carry `Cache-Control: no-store`: they describe one request, not the resource.
 */
export function preconditionResponse(
  evaluation: Exclude<Evaluation, { outcome: 'proceed' }>,
  validators: Validators | undefined,
  context: ResponseContext,
): PreconditionResponse {
  const headers = validatorHeaders(validators);
  if (evaluation.outcome === 'not-modified') return { status: 304, headers, body: null, problem: null };
  const hookContext: ProblemContext = { evaluation, validators, method: context.method, path: context.path };
  if (evaluation.outcome === 'precondition-required') {
    const problem = preconditionRequiredProblem({ detail: evaluation.reason, instance: context.path });
    return problemResponse(428, problem, {}, context, hookContext);
  }
  const problem = preconditionFailedProblem({
    etag: headers.etag,
    detail: evaluation.reason,
    instance: context.path,
  });
  return problemResponse(412, problem, headers, context, hookContext);
}

/**
 * The 412 for a {@link PreconditionFailedError} thrown by a handler whose compare-and-set lost a
 * race: the same shape as a failed If-Match, with the error's current validators.
 */
export function preconditionFailedResponse(
  error: PreconditionFailedError,
  context: ResponseContext,
): PreconditionResponse {
  const validators: Validators = { exists: true, etag: error.etag, lastModified: error.lastModified };
  const headers = validatorHeaders(validators);
  const problem = preconditionFailedProblem({
    etag: headers.etag,
    detail: error.message,
    instance: context.path,
  });
  return problemResponse(412, problem, headers, context, {
    validators,
    method: context.method,
    path: context.path,
  });
}

/** {@link preconditionFailedResponse} for any thrown value that is a PreconditionFailedError, else `undefined`. */
export function responseForError(error: unknown, context: ResponseContext): PreconditionResponse | undefined {
  return isPreconditionFailed(error) ? preconditionFailedResponse(error, context) : undefined;
}

/**
 * The 400, 409 or 422 refusing a request's `Idempotency-Key`
 * (draft-ietf-httpapi-idempotency-key-header §2.7): `application/problem+json`, `no-store`. An
 * adapter sends the 400s itself (see the `idempotencyKey` option); a route sends the 422 and 409
 * its store reports.
 */
export function idempotencyKeyResponse(
  refusal: IdempotencyKeyRefusal,
  context: ResponseContext,
): PreconditionResponse {
  const problem = idempotencyKeyProblem(refusal, { instance: context.path });
  return problemResponse(problem.status, problem, {}, context, {
    method: context.method,
    path: context.path,
  });
}

/**
 * The fields to send with a 304, 412 or 428 in place of `produced`: those of `produced` it keeps
 * ({@link isDroppedFromPreconditionResponse}), then its own, which win. Returns the same kind it
 * is given.
 */
export function preconditionResponseHeaders(response: PreconditionResponse, produced: Headers): Headers;
export function preconditionResponseHeaders(
  response: PreconditionResponse,
  produced: ResponseHeaderRecord,
): Record<string, string | number | readonly string[]>;
export function preconditionResponseHeaders(
  response: PreconditionResponse,
  produced: Headers | ResponseHeaderRecord,
): Headers | Record<string, string | number | readonly string[]> {
  const kept = keepFields(produced, (name) => isDroppedFromPreconditionResponse(response.status, name));
  if (kept instanceof Headers) {
    for (const [name, value] of Object.entries(response.headers)) kept.set(name, value);
    return kept;
  }
  // A record keeps the names as spelled: drop any spelling of the answer's own before adding them.
  for (const name of Object.keys(kept)) {
    if (Object.hasOwn(response.headers, name.toLowerCase())) delete kept[name];
  }
  return Object.assign(kept, response.headers);
}
