/**
 * The two ways an adapter asks core what to do, so that adapters only translate:
 * validator-first (before the handler) and after-the-fact (on the response it produced).
 *
 * @module
 */

import { carriesPrecondition } from './carries-precondition.js';
import { reportEvaluation, reportProceed, reportWriteFailed } from './decision.js';
import { isPreconditionFailed } from './errors.js';
import type { Evaluation, Validators } from './evaluate.js';
import { evaluatePreconditions, requiresPrecondition } from './evaluate.js';
import { isDroppedFromNotModified } from './kept-fields.js';
import { isConditionalRetrieval, normaliseMethod } from './method.js';
import type { EntityTagGeneration, PreconditionOptions, ProblemHook } from './options.js';
import type { PreconditionResponse, ResponseContext } from './precondition-response.js';
import {
  preconditionFailedResponse,
  preconditionResponse,
  validatorHeaders,
} from './precondition-response.js';
import type { ConditionalRequest } from './request-fields.js';
import type { WriteCondition } from './write-condition.js';
import { writeConditionFromValidators, writeConditionOf } from './write-condition.js';

/** A request as adapters describe it: core's neutral request plus the path, for problem bodies. */
export interface AdapterRequest extends ConditionalRequest {
  /** The request path (and query), used as the problem body's `instance`. */
  readonly path: string;
}

/**
 * Where a response to `request` is going, its path read from the request only when a problem body
 * or the problem hook asks: an adapter may read it from a URL it parses then, which costs more than
 * the rest of a 304.
 */
class RequestResponseContext implements ResponseContext {
  readonly #request: AdapterRequest;
  readonly formatProblem: ProblemHook | undefined;

  constructor(request: AdapterRequest, formatProblem: ProblemHook | undefined) {
    this.#request = request;
    this.formatProblem = formatProblem;
  }

  get method(): string {
    return this.#request.method;
  }

  get path(): string {
    return this.#request.path;
  }
}

/**
 * What an adapter hands a handler when validator-first evaluation lets its request proceed
 * (`ctx.state.precond` in Koa, `request.plugins.precond` in hapi, the third argument in Next).
 */
export interface PreconditionResult {
  /**
   * The validators the request was evaluated against — `undefined` when the loader found no
   * resource. Write with {@link PreconditionResult.writeCondition}, which holds the tag the
   * request's conditions were checked against.
   */
  readonly validators: Validators | undefined;
  /** The evaluation (`outcome: 'proceed'`), or `undefined` when there was no resource. */
  readonly evaluation: Extract<Evaluation, { outcome: 'proceed' }> | undefined;
  /** `true` when If-Range failed: ignore `Range` and send the full representation (RFC 9110 §13.1.5). */
  readonly ignoreRange: boolean;
  /**
   * What the handler's compare-and-set must check: the evaluated entity-tag, or — when
   * `deferIfMatch` left an If-Match-only request to the write, with `validators` and `evaluation`
   * then `undefined` — the request's own If-Match tags. `undefined` when there is no current
   * representation to write over (create it, or answer 404).
   */
  readonly writeCondition: WriteCondition | undefined;
  /**
   * The POST's `Idempotency-Key` when the `idempotencyKey` option read one: record it with the write
   * (`@precond/postgres`'s `insertOnce`) so that a retry gets the first attempt's answer.
   */
  readonly idempotencyKey?: string | undefined;
}

/** What {@link decideWithValidators} tells an adapter to do. */
export type ValidatorDecision =
  | {
      readonly action: 'proceed';
      /** The evaluation, or `undefined` when there was no resource to evaluate against. */
      readonly evaluation: Extract<Evaluation, { outcome: 'proceed' }> | undefined;
      /** The validators the request was evaluated against; hand them to the handler for its compare-and-set. */
      readonly validators: Validators | undefined;
      /**
       * `ETag`, `Last-Modified` and the `cacheFields` option's fields to set on a GET, HEAD or QUERY
       * response before the handler runs (it may override them); none for other methods.
       */
      readonly headers: Readonly<Record<string, string>>;
      /** The same, as the handler receives it. */
      readonly result: PreconditionResult;
    }
  | {
      readonly action: 'respond';
      readonly evaluation: Exclude<Evaluation, { outcome: 'proceed' }>;
      /** Send this as it is; do not run the handler. */
      readonly response: PreconditionResponse;
    };

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});
/**
 * What a handler is given when nothing was evaluated: its route declared no validators, or the
 * loader found no resource (then the route answers 404 or creates it). Adapters hand it over as
 * it is, so that every handler gets the same shape.
 */
export const NOT_EVALUATED: PreconditionResult = Object.freeze({
  validators: undefined,
  evaluation: undefined,
  ignoreRange: false,
  writeCondition: undefined,
});

/** GET, HEAD and QUERY: the methods validators are set on and a 304 answers (see `isConditionalRetrieval`). */
function isRetrieval(method: string): boolean {
  return isConditionalRetrieval(normaliseMethod(method));
}

/**
 * The `cacheFields` option's fields a validator-first 304 or 200 carries, in lower case: those a
 * 304 keeps, less the validators, which are precond's to set.
 */
function cacheFieldsOf(options: PreconditionOptions): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.cacheFields ?? NO_HEADERS)) {
    const lower = name.toLowerCase();
    if (lower !== 'etag' && lower !== 'last-modified' && !isDroppedFromNotModified(lower)) {
      fields[lower] = value;
    }
  }
  return fields;
}

/**
 * Validator-first: decide from the resource's current validators, before the handler renders
 * anything. `validators` is `undefined` (or `null`) when the resource does not exist and the
 * route cannot create it: RFC 9110 §13.2.1 lets the route's own 404 take precedence over every
 * precondition, so the decision is to proceed and let the handler answer.
 *
 * A 304 and a GET, HEAD or QUERY that proceeds carry the validators' `ETag` and `Last-Modified` and the
 * `cacheFields` option's fields (RFC 9110 §15.4.5: a 304 repeats what its 200 would carry); a
 * 412 or 428 carries neither those fields nor anything cacheable.
 *
 * The `onDecision` hook, when set, is told the decision (by `'validators'`).
 */
export function decideWithValidators(
  request: AdapterRequest,
  validators: Validators | undefined | null,
  options: PreconditionOptions = {},
): ValidatorDecision {
  const hook = options.onDecision;
  if (validators === undefined || validators === null) {
    if (hook !== undefined) reportProceed(hook, request, 'validators');
    return {
      action: 'proceed',
      evaluation: undefined,
      validators: undefined,
      headers: NO_HEADERS,
      result: NOT_EVALUATED,
    };
  }
  const evaluation = evaluatePreconditions(request, validators, options);
  if (hook !== undefined) reportEvaluation(hook, request, evaluation, validators, 'validators');
  if (evaluation.outcome === 'proceed') {
    const headers = isRetrieval(request.method)
      ? options.cacheFields === undefined
        ? validatorHeaders(validators)
        : { ...cacheFieldsOf(options), ...validatorHeaders(validators) }
      : NO_HEADERS;
    const result: PreconditionResult = {
      validators,
      evaluation,
      ignoreRange: evaluation.ignoreRange,
      writeCondition: writeConditionFromValidators(validators),
    };
    return { action: 'proceed', evaluation, validators, headers, result };
  }
  const response = preconditionResponse(
    evaluation,
    validators,
    new RequestResponseContext(request, options.formatProblem),
  );
  if (response.status !== 304 || options.cacheFields === undefined) {
    return { action: 'respond', evaluation, response };
  }
  const headers = { ...cacheFieldsOf(options), ...response.headers };
  return { action: 'respond', evaluation, response: { ...response, headers } };
}

/**
 * Validator-first, before loading anything: the result to hand the handler straight away, or
 * `undefined` when the validators must be loaded and {@link decideWithValidators} called.
 * Adapters call this first, so that
 * - with `deferIfMatch`, a request whose only precondition is If-Match costs one compare-and-set
 *   and no read (its tags become `writeCondition`);
 * - with `loadOnlyWhenConditional`, a request without a precondition loads nothing
 *   ({@link NOT_EVALUATED}).
 */
export function decideBeforeLoading(
  request: AdapterRequest,
  options: PreconditionOptions = {},
): PreconditionResult | undefined {
  if (options.loadOnlyWhenConditional === true && !mustLoad(request, options)) return NOT_EVALUATED;
  if (options.deferIfMatch !== true) return undefined;
  const writeCondition = writeConditionOf(request);
  if (writeCondition === undefined) return undefined;
  return { validators: undefined, evaluation: undefined, ignoreRange: false, writeCondition };
}

/**
 * Whether a request must load its validators though `loadOnlyWhenConditional` is set: a retrieval
 * (its 200 carries them), a method that must carry a precondition (its 428 depends on whether the
 * resource exists), or a request that carries one that applies to its method.
 */
function mustLoad(request: AdapterRequest, options: PreconditionOptions): boolean {
  const method = normaliseMethod(request.method);
  return (
    isConditionalRetrieval(method) ||
    requiresPrecondition(method, options.requirePreconditions) ||
    carriesPrecondition(request)
  );
}

/**
 * After the handler threw: the 412 for a `PreconditionFailedError` (its compare-and-set lost a race,
 * or a write {@link decideBeforeLoading} deferred found another tag), as for a failed If-Match
 * (RFC 9110 §13.1.1), with the error's current validators; `undefined` for any other error, which
 * the adapter rethrows. The `onDecision` hook, when set, is told the 412 (by `'write'`).
 */
export function decideFromError(
  request: AdapterRequest,
  error: unknown,
  options: PreconditionOptions = {},
): PreconditionResponse | undefined {
  if (!isPreconditionFailed(error)) return undefined;
  const hook = options.onDecision;
  if (hook !== undefined) {
    const current: Validators = { exists: true, etag: error.etag, lastModified: error.lastModified };
    reportWriteFailed(hook, request, error.message, current);
  }
  return preconditionFailedResponse(error, new RequestResponseContext(request, options.formatProblem));
}

/**
 * After the handler returned without throwing: when `result` is a write {@link decideBeforeLoading}
 * left to the handler's compare-and-set, that write went through, and the `onDecision` hook is
 * told so (proceed, by `'write'`, field `If-Match`). Any other result was reported when it was
 * decided; nothing more is. Adapters call it with the result they handed the handler.
 */
export function reportDeferredWrite(
  request: AdapterRequest,
  result: PreconditionResult | undefined,
  options: PreconditionOptions = {},
): void {
  const hook = options.onDecision;
  // Only a deferred write's result has a write condition without an evaluation (see PreconditionResult).
  if (hook !== undefined && result?.evaluation === undefined && result?.writeCondition !== undefined) {
    reportProceed(hook, request, 'write');
  }
}

/** The parts of a produced response that after-the-fact evaluation reads. */
export interface ProducedResponse {
  readonly status: number;
  /** The response's `ETag` field, if any. */
  readonly etag?: string | undefined;
  /** The response's `Last-Modified` field, if any. */
  readonly lastModified?: string | undefined;
}

/**
 * Whether a response of this status keeps the fields validator-first set before the handler ran
 * ({@link ValidatorDecision}'s `headers`: `ETag`, `Last-Modified` and the `cacheFields`): a 2xx,
 * which sends the representation those validators describe, or a 304. Any other status — a 404 or
 * a redirect the handler chose, a 500 — sends no such representation (RFC 9110 §8.8.3): with the
 * resource's `ETag` and `Cache-Control` a cache would store the error, and every revalidation's 304
 * would keep it fresh. Adapters that set the fields before the handler withdraw them then.
 */
export function keepsValidatorFields(status: number): boolean {
  return (status >= 200 && status < 300) || status === 304;
}

/**
 * Whether an adapter should compute an ETag from the body of a response it produced: a 200 to GET,
 * HEAD or QUERY (whose results are its selected representation) without an `ETag`, with generation not turned off. (Whether the body can be hashed
 * without buffering a stream is the adapter's to know: streams are left alone.)
 */
export function shouldGenerateEntityTag(
  method: string,
  response: ProducedResponse,
  generation: EntityTagGeneration | undefined,
): boolean {
  return generation !== false && response.status === 200 && !response.etag && isRetrieval(method);
}

/** What {@link decideFromResponse} tells an adapter to do. */
export type ResponseDecision =
  | {
      readonly action: 'send';
      /**
       * `true` when the request's If-Range is false (RFC 9110 §13.1.5): a framework that cuts ranges
       * itself should send the full representation — without the `Range` it would otherwise serve.
       */
      readonly ignoreRange: boolean;
    }
  | {
      readonly action: 'respond';
      readonly evaluation: Exclude<Evaluation, { outcome: 'proceed' }>;
      /**
       * The 304 or 412 to send instead, with the produced response's fields it keeps
       * ({@link preconditionResponseHeaders}): for a 304 all but the content fields, for a 412
       * all but the content, caching and validator fields. Its body is precond's, never the
       * produced one.
       */
      readonly response: PreconditionResponse;
    };

const SEND: ResponseDecision = Object.freeze({ action: 'send', ignoreRange: false });
const SEND_WHOLE: ResponseDecision = Object.freeze({ action: 'send', ignoreRange: true });

/**
 * After-the-fact: decide a GET, HEAD or QUERY from the 2xx the handler produced (a 200, or a 206 it
 * cut itself), using that response's `ETag` and `Last-Modified`: RFC 9110 §13.2.1 evaluates the
 * preconditions of any request whose response would otherwise be a 2xx. A 2xx without either field
 * is still a current representation: `If-None-Match: *` gives 304 and an `If-Match` naming a tag gives
 * 412 (no tag can match one that has none, §13.1.1). A 304 the handler or its framework answered
 * itself (Koa's `ctx.fresh`, Express's `send`, hapi's `h.entity()`, an etag middleware) stands for
 * the 200 whose validators it carries: it is sent as it is unless `If-Match` or `If-Unmodified-Since`
 * fails on them, which answers 412 (§13.2.2 evaluates both first). Any other method or status is
 * sent as it is and not evaluated, so the `onDecision` hook hears of an evaluated one only (by
 * `'response'`).
 */
export function decideFromResponse(
  request: AdapterRequest,
  produced: ProducedResponse,
  options: PreconditionOptions = {},
): ResponseDecision {
  const { status } = produced;
  const notModified = status === 304;
  if (!(notModified || (status >= 200 && status <= 299)) || !isRetrieval(request.method)) return SEND;
  const validators: Validators = { exists: true, etag: produced.etag, lastModified: produced.lastModified };
  const evaluation = evaluatePreconditions(request, validators);
  const hook = options.onDecision;
  if (hook !== undefined) reportEvaluation(hook, request, evaluation, validators, 'response');
  if (evaluation.outcome === 'proceed') return evaluation.ignoreRange ? SEND_WHOLE : SEND;
  // A 304 the handler or its framework answered on If-None-Match or If-Modified-Since alone stands,
  // unless If-Match or If-Unmodified-Since, which come first (§13.2.2), fail on its validators.
  if (notModified && evaluation.outcome !== 'precondition-failed') return SEND;
  const response = preconditionResponse(
    evaluation,
    validators,
    new RequestResponseContext(request, options.formatProblem),
  );
  return { action: 'respond', evaluation, response };
}
