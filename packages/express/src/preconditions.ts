import type { ServerResponse } from 'node:http';
import type { PreconditionOptions, PreconditionResult, Validators } from '@precond/core';
import { carriesPrecondition } from '@precond/core';
import type { AdapterRequest, NodeHeadersRequest } from '@precond/core/adapter';
import {
  decideBeforeLoading,
  decideFromError,
  decideIdempotencyKey,
  decideWithValidators,
  dropIgnoredModifiedSince,
  isPromiseLike,
  reportDeferredWrite,
  withIdempotencyKey,
  writeToNodeResponse,
} from '@precond/core/adapter';
import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import { answerAfterTheFact } from './after-the-fact.js';
import { type BodyCheck, takeOverWrites } from './buffered-writes.js';
import { keepValidatorFields, withdrawFromOtherStatuses } from './validator-fields.js';

declare global {
  namespace Express {
    interface Locals {
      /** What `preconditions()` decided, for the handler: the write condition to hand the store. */
      precond?: PreconditionResult;
    }
  }
}

/**
 * Loads the resource's current validators cheaply, before the handler renders anything, from the
 * route's request (`req.params` is there).
 */
export type ValidatorsLoader<Req extends Request = Request> = (
  req: Req,
) => Validators | undefined | null | Promise<Validators | undefined | null>;

/** Options for {@link preconditions}: core's shared options plus the Express way in. */
export interface ExpressPreconditionOptions<Req extends Request = Request> extends PreconditionOptions {
  /**
   * Validator-first: how to load the resource's validators. Return `undefined` (or `null`) when the
   * resource does not exist and this route cannot create it; the handler then runs and answers 404
   * (RFC 9110 §13.2.1: the 404 takes precedence over preconditions). Without it, the middleware
   * works after the fact on GET/HEAD/QUERY responses.
   */
  readonly loadValidators?: ValidatorsLoader<Req> | undefined;
}

/**
 * A request precond handles: the options of the innermost `preconditions()`, and — once its writes
 * are taken over — the response's own `end`.
 */
interface Handling {
  readonly request: ExpressAdapterRequest;
  options: PreconditionOptions;
  /** The response's own `end`, when precond took the writes over. */
  end: ServerResponse['end'] | undefined;
  /** An error reached `preconditionErrors()` and went on: the error response is neither tagged nor a write. */
  failed: boolean;
}

/**
 * Where a response's {@link Handling} is kept: under a symbol in `res.locals` (which templates,
 * reading its string keys, never see). Not a WeakMap, whose entries the garbage collector traces
 * apart, nor a property of `res`, which V8 would turn into a dictionary: `res.locals` is one
 * already (Express makes it with `Object.create(null)`).
 */
const HANDLING = Symbol('precond');

function handlingOf(res: Response): Handling | undefined {
  return (res.locals as { [HANDLING]?: Handling })[HANDLING];
}

/**
 * The request as core reads it. Every read of a property of Express's `req` misses V8's inline
 * caches (Express gives each request its prototype anew): a few thousand instructions each, counted
 * under callgrind (`node --log-ic` names the misses). So the method and headers, which every decision reads, are read once, and
 * the raw lines (`req.headers` keeps only the first of two If-Modified-Since lines) and the path
 * (a problem's `instance`) only when core asks for them.
 */
class ExpressAdapterRequest implements AdapterRequest, NodeHeadersRequest {
  readonly method: string;
  readonly headers: Request['headers'];
  private readonly req: Request;

  constructor(req: Request) {
    this.req = req;
    this.method = req.method;
    this.headers = req.headers;
  }

  get rawHeaders(): readonly string[] {
    return this.req.rawHeaders;
  }

  get path(): string {
    return this.req.originalUrl;
  }
}

function toAdapterRequest(req: Request): ExpressAdapterRequest {
  return new ExpressAdapterRequest(req);
}

/**
 * The request's handling, with `options` now the innermost `preconditions()`'s: a later one on the
 * same request (the route's) replaces the options of an earlier (the app's).
 */
function handle(res: Response, request: ExpressAdapterRequest, options: PreconditionOptions): Handling {
  const handled = handlingOf(res);
  if (handled) {
    handled.options = options;
    return handled;
  }
  const created: Handling = { request, options, end: undefined, failed: false };
  (res.locals as { [HANDLING]?: Handling })[HANDLING] = created;
  return created;
}

/**
 * Keeps Express from answering 304 on its own: `res.send` turns a 200 into a 304 when `req.fresh`,
 * which compares the whole If-None-Match, reads If-Modified-Since with `Date.parse` and ignores
 * If-Match; precond decides instead. `req.fresh` is only ever true for a GET, HEAD or QUERY (so Express
 * 4.22.3 and 5.3.0 have it) that carries If-None-Match or If-Modified-Since (jshttp `fresh` answers false at
 * once without either), so only such a request has it replaced: defining a property on each request
 * costs more than the rest of what precond does for one that proceeds.
 */
function turnOffFresh(req: Request, request: ExpressAdapterRequest): void {
  const { method, headers } = request;
  if (method !== 'GET' && method !== 'HEAD' && method !== 'QUERY') return;
  if (headers['if-none-match'] === undefined && headers['if-modified-since'] === undefined) return;
  Object.defineProperty(req, 'fresh', { configurable: true, enumerable: true, value: false });
}

/**
 * Takes the response's writes over once, for a request that goes on to the handler and whose body
 * precond must see: after the fact (to tag and evaluate it), a response Express would give a weak
 * ETag of its own, or a deferred write the `onDecision` hook is to hear of. A request answered at
 * once (304, 412, 428) is never taken over.
 */
function takeOver(req: Request, res: Response, handled: Handling): void {
  if (handled.end !== undefined) return;
  turnOffFresh(req, handled.request);
  const check: BodyCheck = (body, untagged) => {
    const { precond } = res.locals;
    if (handled.failed) return undefined;
    if (precond === undefined)
      return answerAfterTheFact(handled.request, res, body, untagged, handled.options);
    reportDeferredWrite(handled.request, precond, handled.options);
    return undefined;
  };
  handled.end = takeOverWrites(res, check, carriesPrecondition(handled.request));
}

/**
 * Express middleware for HTTP conditional requests (RFC 9110 §13), global (`app.use`) or per route.
 *
 * - With `loadValidators` (validator-first): evaluates the request against the loaded validators and
 *   answers 304, 412 or 428 without calling the handler; on proceed, puts the result on
 *   `res.locals.precond` and, for GET/HEAD, sets `ETag` and `Last-Modified`.
 * - Without (after the fact): on a 200 to GET/HEAD/QUERY written with `res.send`, `res.json` or
 *   `res.end(body)`, adds a strong ETag hashed from the bytes when the handler set none (see
 *   `etagGeneration`), then answers 304 (or 412) when the request's conditions say so. Streams are
 *   never buffered: they are evaluated on the fields set before their first write.
 * - With a global and a per-route `preconditions()`, the route's options decide.
 *
 * On the requests it handles, Express's own `etag` setting and `req.fresh` are out of play (see the
 * README). A `PreconditionFailedError` becomes a 412 through {@link preconditionErrors}.
 *
 * @example
 * ```ts
 * app.patch('/articles/:id',
 *   preconditions({ requirePreconditions: true, loadValidators: (req) => store.validators(req.params.id) }),
 *   async (req, res) => { res.json(await store.update(req.params.id, req.body, res.locals.precond?.writeCondition)); });
 * ```
 */
export function preconditions<Req extends Request = Request>(
  options: ExpressPreconditionOptions<Req> = {},
): (req: Req, res: Response, next: NextFunction) => void | Promise<void> {
  const { loadValidators } = options;
  const decide = (
    req: Req,
    res: Response,
    next: NextFunction,
    request: ExpressAdapterRequest,
    validators: Validators | undefined | null,
    key: string | undefined,
  ) => {
    const decision = decideWithValidators(request, validators, options);
    if (decision.action === 'respond') {
      writeToNodeResponse(res, decision.response, handlingOf(res)?.end);
      return;
    }
    const handled = handle(res, request, options);
    // With precond's ETag set, Express adds no weak one of its own: nothing in the body is left
    // for precond to see. Without (a write, a resource dated only), the body is watched as before.
    if (decision.headers.etag === undefined) takeOver(req, res, handled);
    else turnOffFresh(req, request);
    let fieldsSet = false;
    for (const name in decision.headers) {
      res.setHeader(name, decision.headers[name] as string);
      fieldsSet = true;
    }
    if (fieldsSet) withdrawFromOtherStatuses(res, decision.headers);
    // `send` cuts a range whenever If-Range is a substring of its ETag, a weak tag included, or
    // dates it no later: where core found If-Range false, the whole representation is sent.
    if (decision.result.ignoreRange) delete req.headers.range;
    res.locals.precond = withIdempotencyKey(decision.result, key);
    next();
  };
  // Not an async function: a loader that answers synchronously (from memory, a cache) costs no
  // promise and no turn of the microtask queue, which on a 304 is most of what precond adds.
  return (req, res: Response, next) => {
    const request = toAdapterRequest(req);
    // The `send` module (`res.sendFile`, `express.static`) reads If-Modified-Since with Date.parse:
    // one core ignores (an ISO 8601 timestamp, a date later than now) must not reach it.
    dropIgnoredModifiedSince(request);
    const keyed = decideIdempotencyKey(request, options);
    if (keyed.action === 'respond') {
      writeToNodeResponse(res, keyed.response, handlingOf(res)?.end);
      return;
    }
    if (!loadValidators) {
      takeOver(req, res, handle(res, request, options));
      const keyedResult = withIdempotencyKey(undefined, keyed.key);
      if (keyedResult) res.locals.precond = keyedResult;
      next();
      return;
    }
    const deferred = decideBeforeLoading(request, options);
    if (deferred) {
      const handled = handle(res, request, options);
      // Only the hook needs to hear that the handler's write went through.
      if (options.onDecision !== undefined) takeOver(req, res, handled);
      res.locals.precond = withIdempotencyKey(deferred, keyed.key);
      next();
      return;
    }
    const loaded = loadValidators(req);
    if (!isPromiseLike(loaded)) return decide(req, res, next, request, loaded, keyed.key);
    // A loader that failed goes to `next(err)` here: Express 4 would leave a rejection unhandled.
    return Promise.resolve(loaded)
      .then((validators) => decide(req, res, next, request, validators, keyed.key))
      .catch(next);
  };
}

/**
 * Express error middleware, registered after the routes: a `PreconditionFailedError` thrown by a
 * handler (or passed to `next(err)`) becomes the same 412 a failed `If-Match` gets, shaped by the
 * options of the `preconditions()` that handled the request. Any other error goes on to `next(err)`.
 */
export function preconditionErrors(): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const handled = handlingOf(res);
    const request = handled?.request ?? toAdapterRequest(req);
    const answer = res.headersSent ? undefined : decideFromError(request, error, handled?.options);
    if (!answer) {
      if (handled) handled.failed = true;
      next(error);
      return;
    }
    // precond's own 412 carries the current validators: nothing of the handler's to withdraw.
    keepValidatorFields(res);
    writeToNodeResponse(res, answer, handled?.end);
  };
}
