import type { PreconditionOptions, PreconditionResult, Validators } from '@precond/core';
import type { AdapterRequest, NodeHeadersRequest } from '@precond/core/adapter';
import {
  decideBeforeLoading,
  decideFromError,
  decideFromResponse,
  decideIdempotencyKey,
  decideWithValidators,
  dropIgnoredModifiedSince,
  isPromiseLike,
  reportDeferredWrite,
  shouldGenerateEntityTag,
  withdrawValidatorFields,
  withIdempotencyKey,
} from '@precond/core/adapter';
import { generateEntityTag } from '@precond/core/etag';
import type { Context, Next } from 'koa';
import { bufferedBody } from './buffered-body.js';
import { setFields, toKoaResponse } from './to-koa-response.js';

/** The state the middleware adds to `ctx.state`. */
export interface PreconditionState {
  precond?: PreconditionResult;
}

/**
 * Loads the resource's current validators cheaply, before the handler renders anything. `Ctx` is
 * whatever context the route hands its middleware (with `@koa/router`, `ctx.params` is there).
 */
export type ValidatorsLoader<Ctx extends Context = Context> = (
  ctx: Ctx,
) => Validators | undefined | null | Promise<Validators | undefined | null>;

/** Options for {@link preconditions}: core's shared options plus the Koa way in. */
export interface KoaPreconditionOptions<Ctx extends Context = Context> extends PreconditionOptions {
  /**
   * Validator-first: how to load the resource's validators. Return `undefined` (or `null`) when the
   * resource does not exist and this route cannot create it; the handler then runs and answers 404
   * (RFC 9110 §13.2.1: the 404 takes precedence over preconditions). Without it, the middleware
   * works after the fact on GET/HEAD responses.
   */
  readonly loadValidators?: ValidatorsLoader<Ctx> | undefined;
}

/**
 * Marks, in `ctx.state`, a request a precond middleware has already answered for: with a global
 * `preconditions()` and a per-route one, the innermost decides (its options are the route's) and
 * the outer stays out. A symbol, so that views rendering `ctx.state` never see it; not a WeakSet,
 * whose entries the garbage collector traces apart on every request.
 */
const DECIDED = Symbol('precond decided');

type MarkedState = { [DECIDED]?: true };

function markDecided(ctx: Context): void {
  (ctx.state as MarkedState)[DECIDED] = true;
}

/** `rawHeaders` too: `ctx.headers` keeps only the first of two If-Modified-Since lines. */
function toAdapterRequest(ctx: Context): AdapterRequest & NodeHeadersRequest {
  return { method: ctx.method, headers: ctx.headers, rawHeaders: ctx.req.rawHeaders, path: ctx.originalUrl };
}

/** A response field as one string (lines joined as RFC 9110 §5.3 allows), `undefined` when unset or empty. */
function fieldOf(ctx: Context, name: string): string | undefined {
  const value = ctx.res.getHeader(name);
  const text = Array.isArray(value) ? value.join(', ') : value === undefined ? '' : String(value);
  return text === '' ? undefined : text;
}

/** After the fact: tag a buffered 200 that has no ETag, then answer 304 (or 412) when due. */
function answerAfterTheFact(ctx: Context, request: AdapterRequest, options: PreconditionOptions): void {
  const produced = {
    status: ctx.status,
    etag: fieldOf(ctx, 'etag'),
    lastModified: fieldOf(ctx, 'last-modified'),
  };
  if (shouldGenerateEntityTag(ctx.method, produced, options.etagGeneration ?? 'strong')) {
    const bytes = bufferedBody(ctx);
    if (bytes !== undefined) {
      produced.etag = generateEntityTag(bytes, { weak: options.etagGeneration === 'weak' });
      setFields(ctx, { etag: produced.etag });
    }
  }
  const decision = decideFromResponse(request, produced, options);
  if (decision.action === 'respond') toKoaResponse(ctx, decision.response);
}

/**
 * Koa middleware for HTTP conditional requests (RFC 9110 §13), global or per route.
 *
 * - With `loadValidators` (validator-first): evaluates the request against the loaded validators and
 *   answers 304, 412 or 428 without running the rest of the chain; on proceed, puts the result on
 *   `ctx.state.precond` and, for GET/HEAD, sets `ETag` and `Last-Modified`.
 * - With `idempotencyKey`: a POST's `Idempotency-Key` is on `ctx.state.precond.idempotencyKey`, or
 *   answered 400 when missing (where required) or malformed.
 * - Without (after the fact): on a 200 to GET/HEAD, adds a strong ETag computed from a buffered
 *   body that has none (see `etagGeneration`), then answers 304 (or 412) when the request's conditions say so.
 * - Either way, a `PreconditionFailedError` thrown downstream becomes the same 412.
 *
 * @example
 * ```ts
 * router.patch('/articles/:id',
 *   preconditions({ requirePreconditions: true, loadValidators: (ctx) => store.validators(ctx.params.id) }),
 *   async (ctx) => { ctx.body = await store.update(ctx.params.id, patch, ctx.state.precond?.writeCondition); });
 * ```
 */
export function preconditions<Ctx extends Context = Context>(
  options: KoaPreconditionOptions<Ctx> = {},
): (ctx: Ctx, next: Next) => Promise<void> {
  const { loadValidators } = options;
  return async (ctx, next) => {
    const request = toAdapterRequest(ctx);
    // `ctx.fresh` (koa-conditional-get, a handler's own check) reads If-Modified-Since with
    // Date.parse: one core ignores (an ISO 8601 timestamp, a date later than now) must not reach it.
    dropIgnoredModifiedSince(request);
    const keyed = decideIdempotencyKey(request, options);
    if (keyed.action === 'respond') {
      markDecided(ctx);
      toKoaResponse(ctx, keyed.response);
      return;
    }
    // Validator-first fields set before the handler, withdrawn from an answer they do not describe.
    let validatorFields: Readonly<Record<string, string>> | undefined;
    if (loadValidators) {
      const deferred = decideBeforeLoading(request, options);
      if (deferred) {
        ctx.state.precond = deferred;
      } else {
        // A loader that answers synchronously (from memory, a cache) costs no turn of the microtask queue.
        const loaded = loadValidators(ctx);
        const validators = isPromiseLike(loaded) ? await loaded : loaded;
        const decision = decideWithValidators(request, validators, options);
        if (decision.action === 'respond') {
          markDecided(ctx);
          toKoaResponse(ctx, decision.response);
          return;
        }
        setFields(ctx, decision.headers);
        validatorFields = decision.headers;
        ctx.state.precond = decision.result;
      }
    }
    ctx.state.precond = withIdempotencyKey(ctx.state.precond, keyed.key);
    try {
      await next();
    } catch (error) {
      const response = decideFromError(request, error, options);
      if (!response) {
        // An error handler answers it (Koa's own clears every field; another may not).
        if (validatorFields) withdrawValidatorFields(ctx.res, validatorFields, 500);
        throw error;
      }
      markDecided(ctx);
      toKoaResponse(ctx, response);
      return;
    }
    if ((ctx.state as MarkedState)[DECIDED]) return;
    markDecided(ctx);
    if (validatorFields) withdrawValidatorFields(ctx.res, validatorFields);
    if (ctx.state.precond === undefined) answerAfterTheFact(ctx, request, options);
    else reportDeferredWrite(request, ctx.state.precond, options);
  };
}
