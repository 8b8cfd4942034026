/**
 * The three moments a Fetch handler is asked about, for adapters built on Fetch `Request` and
 * `Response` (`withPreconditions` here, Hono's middleware, Next's route handlers): before the
 * handler, after it, and when it threw. Each asks core and translates its answer; nothing here
 * decides.
 *
 * @module
 */

import type { PreconditionOptions, PreconditionResult, Validators } from '@precond/core';
import type { AdapterRequest } from '@precond/core/adapter';
import {
  decideBeforeLoading,
  decideFromError,
  decideIdempotencyKey,
  decideWithValidators,
  isPromiseLike,
  keepsValidatorFields,
  NOT_EVALUATED,
  reportDeferredWrite,
  withIdempotencyKey,
} from '@precond/core/adapter';
import { answerAfterTheFact } from './after-the-fact.js';
import { toFetchResponse, withDefaultFields } from './to-fetch-response.js';

/** What a validators loader may return: `undefined` or `null` when the resource does not exist. */
export type LoadedValidators = Validators | undefined | null;

/** A request precond lets through to the handler. */
export interface Handling {
  /** The request as core reads it. */
  readonly request: AdapterRequest;
  /** What the handler is given: the write condition, the evaluation, whether to ignore `Range`. */
  readonly precond: PreconditionResult;
  /**
   * Validator-first: the `ETag`, `Last-Modified` and `cacheFields` a GET/HEAD response gets unless
   * it sets its own. `undefined` after the fact: the response's own validators are evaluated.
   */
  readonly validatorFields: Readonly<Record<string, string>> | undefined;
}

/** What {@link decideBeforeHandler} says: send `answer` (a 304, 400, 412 or 428), or run the handler. */
export type BeforeHandler =
  | { readonly answer: Response; readonly handling?: undefined }
  | { readonly answer?: undefined; readonly handling: Handling };

const NO_FIELDS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The request as core reads it. Its path and query (the problem body's `instance`) are read from
 * the URL only when a 412 or 428 needs them: parsing the URL costs more than the rest of a request
 * that proceeds. A class, not an object literal with a getter, so that every request has one shape
 * (a literal's getter is a new function each time, and gives each object a map of its own).
 */
class LazyPathRequest implements AdapterRequest {
  readonly method: string;
  readonly headers: AdapterRequest['headers'];
  readonly rawHeaders: readonly string[] | undefined;
  readonly contentCoding: string | undefined;
  readonly #request: Request;

  constructor(
    request: Request,
    headers: AdapterRequest['headers'],
    rawHeaders?: readonly string[],
    contentCoding?: string,
  ) {
    this.method = request.method;
    this.headers = headers;
    this.rawHeaders = rawHeaders;
    this.contentCoding = contentCoding;
    this.#request = request;
  }

  get path(): string {
    return requestPath(this.#request);
  }
}

/**
 * The request as core reads it: its method and Fetch `Headers`, its path read when needed, and —
 * for an adapter whose framework codes responses and tags each coding apart — the content coding
 * its response goes out in (`contentCoding`, see core's `ConditionalRequest`).
 */
export function toAdapterRequest(request: Request, contentCoding?: string): AdapterRequest {
  return new LazyPathRequest(request, request.headers, undefined, contentCoding);
}

/**
 * The request as core reads it from fields an adapter read elsewhere (Node's header record and raw
 * lines), with its method from the Fetch `Request` and its path read when needed.
 */
export function toAdapterRequestWithFields(
  request: Request,
  headers: AdapterRequest['headers'],
  rawHeaders: readonly string[],
): AdapterRequest {
  return new LazyPathRequest(request, headers, rawHeaders);
}

/** The request's path and query, as a problem body's `instance`. */
function requestPath(request: Request): string {
  const url = new URL(request.url);
  return url.pathname + url.search;
}

/**
 * Before the handler, for a Fetch `Request` or the request as an adapter read it from its
 * framework (Hono on Node.js reads Node's header record, cheaper than a Fetch `Headers`). A POST's
 * `Idempotency-Key` first (the `idempotencyKey` option): a 400 to send, or the key to hand over.
 * With `loadValidators` (validator-first, RFC 9110 §13.2.2): a write left to the handler's
 * compare-and-set (`deferIfMatch`), else the validators loaded and evaluated — a 304, 412 or 428
 * to send, or what to hand the handler. Without: after the fact, nothing is decided yet.
 *
 * A promise only when the loader returned one: a loader that answers synchronously (from memory, a
 * cache) costs no promise and no turn of the microtask queue (await it with `isPromiseLike`).
 */
export function decideBeforeHandler(
  request: Request | AdapterRequest,
  options: PreconditionOptions,
  loadValidators?: (() => LoadedValidators | Promise<LoadedValidators>) | undefined,
): BeforeHandler | Promise<BeforeHandler> {
  const adapterRequest = 'url' in request ? toAdapterRequest(request) : request;
  const keyed = decideIdempotencyKey(adapterRequest, options);
  if (keyed.action === 'respond') return { answer: toFetchResponse(keyed.response) };
  const { key } = keyed;
  if (!loadValidators) {
    const precond = withIdempotencyKey(NOT_EVALUATED, key);
    return { handling: { request: adapterRequest, precond, validatorFields: undefined } };
  }
  const deferred = decideBeforeLoading(adapterRequest, options);
  if (deferred) {
    const precond = withIdempotencyKey(deferred, key);
    return { handling: { request: adapterRequest, precond, validatorFields: NO_FIELDS } };
  }
  const loaded = loadValidators();
  const decide = (validators: LoadedValidators): BeforeHandler => {
    const decision = decideWithValidators(adapterRequest, validators, options);
    if (decision.action === 'respond') return { answer: toFetchResponse(decision.response) };
    const precond = withIdempotencyKey(decision.result, key);
    return { handling: { request: adapterRequest, precond, validatorFields: decision.headers } };
  };
  return isPromiseLike(loaded) ? Promise.resolve(loaded).then(decide) : decide(loaded);
}

/**
 * After the handler answered: validator-first, its response with the validators' fields it did not
 * set when it is a 2xx or 304 (a 404, a redirect, an error gets none); after the fact, a 200 to
 * GET/HEAD tagged from its body when buffered, then any 2xx answered 304 (or 412) when the request's
 * conditions say so (see `answerAfterTheFact`).
 */
export function decideAfterHandler(
  handling: Handling,
  response: Response,
  options: PreconditionOptions,
): Response | Promise<Response> {
  reportDeferredWrite(handling.request, handling.precond, options);
  if (handling.validatorFields === undefined) return answerAfterTheFact(handling.request, response, options);
  // A 404, a redirect or an error describes no representation the validators name.
  return keepsValidatorFields(response.status)
    ? withDefaultFields(response, handling.validatorFields)
    : response;
}

/**
 * When the handler threw: the 412 for a `PreconditionFailedError` (RFC 9110 §13.1.1, with the
 * error's current validators), `undefined` for any other error, which the adapter rethrows.
 */
export function decideOnError(
  handling: Handling,
  error: unknown,
  options: PreconditionOptions,
): Response | undefined {
  const failed = decideFromError(handling.request, error, options);
  return failed && toFetchResponse(failed);
}
