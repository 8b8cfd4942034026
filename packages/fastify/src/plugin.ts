import type { PreconditionOptions, PreconditionResult, Validators } from '@precond/core';
import type { AdapterRequest, PreconditionResponse } from '@precond/core/adapter';
import {
  decideBeforeLoading,
  decideFromError,
  decideFromResponse,
  decideIdempotencyKey,
  decideWithValidators,
  isDroppedFromNotModified,
  isPromiseLike,
  reportDeferredWrite,
  shouldGenerateEntityTag,
  withdrawValidatorFields,
  withIdempotencyKey,
} from '@precond/core/adapter';
import { generateEntityTag } from '@precond/core/etag';
import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  onErrorHookHandler,
  onSendHookHandler,
  RouteHandlerMethod,
} from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { toFastifyReply } from './to-fastify-reply.js';

/** Loads the resource's current validators cheaply, before the handler renders anything. */
export type ValidatorsLoader = (
  request: FastifyRequest,
) => Validators | undefined | null | Promise<Validators | undefined | null>;

/** A route's `config.precond`: core's shared options plus the validator-first way in. */
export interface RoutePreconditionOptions extends PreconditionOptions {
  /**
   * Validator-first: how to load the resource's validators. Return `undefined` (or `null`) when the
   * resource does not exist and this route cannot create it; the handler then runs and answers 404
   * (RFC 9110 §13.2.1: the 404 takes precedence over preconditions). Without it, the route's
   * GET/HEAD/QUERY responses are handled after the fact.
   */
  readonly loadValidators?: ValidatorsLoader | undefined;
}

/** The plugin's options: core's shared options, the defaults of every route. */
export type FastifyPreconditionOptions = PreconditionOptions;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `@precond/fastify` options for this route (they override the plugin's), or `false` to turn it off. */
    precond?: RoutePreconditionOptions | false | undefined;
  }
  interface FastifyRequest {
    /** Set by `@precond/fastify` on a validator-first route whose request proceeds. */
    precond?: PreconditionResult | undefined;
  }
}

/** The `PreconditionFailedError` (or other error) a route threw, seen in `onError`, for `onSend`. */
const thrown = new WeakMap<FastifyRequest, unknown>();

/**
 * The fields validator-first set before the handler (`ETag`, `Last-Modified`, `cacheFields`), kept
 * on the request under a symbol Fastify decorates it with (a WeakMap entry for each request costs a
 * validator-first 200 more: 1.4 % of a request, bench section 10).
 */
const VALIDATOR_FIELDS = Symbol('precond.validatorFields');

interface WithValidatorFields {
  [VALIDATOR_FIELDS]: Readonly<Record<string, string>> | undefined;
}

/**
 * Withdraws the validator-first fields from the handler's own answer (or the error handler's) when
 * its status keeps none of them: a 404, a redirect, a 500 describes no representation they name
 * (core's `withdrawValidatorFields`). A field the handler set to a value of its own stays.
 */
function withdrawFieldsOf(request: FastifyRequest, reply: FastifyReply): void {
  const fields = (request as unknown as WithValidatorFields)[VALIDATOR_FIELDS];
  if (fields !== undefined) withdrawValidatorFields(reply, fields);
}

/** Method as sent, Node's header object and its raw lines (the object keeps one If-Modified-Since). */
function toAdapterRequest(request: FastifyRequest): AdapterRequest {
  const { method, headers, rawHeaders } = request.raw;
  return { method: method ?? request.method, headers, rawHeaders, path: request.url };
}

function single(value: ReturnType<FastifyReply['getHeader']>): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** After the fact: tag a buffered 200 that has no ETag, then answer 304 (or 412) when due. */
function answerAfterTheFact(
  request: AdapterRequest,
  reply: FastifyReply,
  payload: unknown,
  options: PreconditionOptions,
): unknown {
  const produced = {
    status: reply.statusCode,
    etag: single(reply.getHeader('etag')),
    lastModified: single(reply.getHeader('last-modified')),
  };
  // Fastify serialises JSON before onSend: a string or a Buffer is the bytes sent; a stream is left alone.
  const buffered = typeof payload === 'string' || Buffer.isBuffer(payload);
  if (buffered && shouldGenerateEntityTag(request.method, produced, options.etagGeneration)) {
    produced.etag = generateEntityTag(payload, { weak: options.etagGeneration === 'weak' });
    reply.header('etag', produced.etag);
  }
  const decision = decideFromResponse(request, produced, options);
  if (decision.action !== 'respond') return payload;
  discardStream(payload);
  return toFastifyReply(reply, decision.response);
}

/**
 * Lets go of a streamed payload a 304 or 412 replaces: Fastify drops the payload an `onSend` hook
 * replaces without reading or closing it, and a file stream would keep its descriptor open for good.
 */
function discardStream(payload: unknown): void {
  if (payload instanceof ReadableStream) {
    payload.cancel().catch(() => undefined); // a locked stream is its reader's to close
    return;
  }
  // Duck-typed as Fastify tells a stream: `readable-stream`'s are no `node:stream` Readable.
  const stream = payload as { pipe?: unknown; destroy?: unknown } | null | undefined;
  if (typeof stream?.pipe === 'function' && typeof stream.destroy === 'function') stream.destroy();
}

/** Sends core's answer in place of the route's handler. */
function sendAnswer(reply: FastifyReply, response: PreconditionResponse): FastifyReply {
  const body = toFastifyReply(reply, response);
  // A Buffer, so that Fastify sends core's Content-Type as it is (a string would gain a charset).
  return reply.send(body ? Buffer.from(body) : undefined);
}

/**
 * Before the route's handler, as a wrapper of it: a POST's `Idempotency-Key` (400 answered at once,
 * or the key for the handler), then validator-first when the route loads validators: 304/412/428
 * answered at once, or the result put on `request.precond` and the route's own handler called. A
 * wrapper rather than a `preHandler` hook: it runs after every `preHandler` (the route's
 * authorisation among them) and costs no turn of Fastify's hook runner.
 */
function beforeTheHandler(
  options: RoutePreconditionOptions,
  loadValidators: ValidatorsLoader | undefined,
  handler: RouteHandlerMethod,
): RouteHandlerMethod {
  const decide = (
    self: FastifyInstance,
    request: FastifyRequest,
    reply: FastifyReply,
    validators: Validators | undefined | null,
    adapterRequest: AdapterRequest,
    key: string | undefined,
  ): unknown => {
    const decision = decideWithValidators(adapterRequest, validators, options);
    if (decision.action === 'respond') return sendAnswer(reply, decision.response);
    reply.headers(decision.headers);
    (request as unknown as WithValidatorFields)[VALIDATOR_FIELDS] = decision.headers;
    request.precond = withIdempotencyKey(decision.result, key);
    return handler.call(self, request, reply);
  };
  return function (this: FastifyInstance, request, reply) {
    const adapterRequest = toAdapterRequest(request);
    const keyed = decideIdempotencyKey(adapterRequest, options);
    if (keyed.action === 'respond') return sendAnswer(reply, keyed.response);
    const deferred = loadValidators && decideBeforeLoading(adapterRequest, options);
    if (!loadValidators || deferred) {
      request.precond = withIdempotencyKey(deferred, keyed.key);
      return handler.call(this, request, reply);
    }
    // A loader that answers synchronously costs no promise.
    const loaded = loadValidators(request);
    if (!isPromiseLike(loaded)) return decide(this, request, reply, loaded, adapterRequest, keyed.key);
    return Promise.resolve(loaded).then((validators) =>
      decide(this, request, reply, validators, adapterRequest, keyed.key),
    );
  };
}

/** After the handler: a thrown 412 made whole, a deferred write reported, or after the fact. */
function afterTheHandler(options: RoutePreconditionOptions): onSendHookHandler {
  return (request, reply, payload, done) => {
    // A 304/412/428 the validator-first wrapper sent itself: decided already.
    if (request.precond === undefined && options.loadValidators !== undefined && !thrown.has(request)) {
      done(null, payload);
      return;
    }
    const adapterRequest = toAdapterRequest(request);
    if (thrown.has(request)) {
      const response = decideFromError(adapterRequest, thrown.get(request), options);
      if (response === undefined) withdrawFieldsOf(request, reply);
      done(null, response ? toFastifyReply(reply, response) : payload);
      return;
    }
    if (options.loadValidators === undefined) {
      done(null, answerAfterTheFact(adapterRequest, reply, payload, options));
      return;
    }
    withdrawFieldsOf(request, reply);
    reportDeferredWrite(adapterRequest, request.precond, options);
    done(null, payload);
  };
}

const noteError: onErrorHookHandler = (request, _reply, error, done) => {
  thrown.set(request, error);
  done();
};

/**
 * The last `onSend` hook of a route that answers HEAD. A 304 keeps no content field (RFC 9110 §8.6:
 * a Content-Length there would have to be the 200's), yet Fastify measures a HEAD's payload into
 * one: the HEAD route it adds for a GET route ends with a hook that does (`0` for a 304's empty
 * payload, which it needs as a string), so the fields go again after it; and for a route that
 * names HEAD itself, Fastify measures any string payload as it sends it, after every hook, so a
 * 304's payload leaves here as `null`, which it sends without a length.
 */
const notModifiedWithoutContentFields: onSendHookHandler = (_request, reply, payload, done) => {
  if (reply.statusCode !== 304) {
    done(null, payload);
    return;
  }
  for (const name of Object.keys(reply.getHeaders())) {
    if (isDroppedFromNotModified(name)) reply.removeHeader(name);
  }
  done(null, null);
};

/** Whether a route answers HEAD: its own, or the one Fastify adds for a GET route (`method` `'HEAD'`). */
function answersHead(method: string | readonly string[]): boolean {
  return typeof method === 'string' ? method === 'HEAD' : method.includes('HEAD');
}

/** `hooks` with `hook` added, last (`at: 'end'`) or first. */
function withHook<T>(hooks: T | T[] | undefined, hook: T, at: 'start' | 'end'): T[] {
  const list = hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks];
  return at === 'end' ? [...list, hook] : [hook, ...list];
}

const plugin: FastifyPluginAsync<FastifyPreconditionOptions> = async (fastify, defaults) => {
  if (!fastify.hasRequestDecorator('precond')) fastify.decorateRequest('precond', undefined);
  if (!fastify.hasRequestDecorator(VALIDATOR_FIELDS)) fastify.decorateRequest(VALIDATOR_FIELDS, undefined);
  // Each route gets its own hooks, with its options resolved once: a route with `precond: false`
  // costs nothing, and a request looks nothing up. The route's `onSend` goes first among the
  // route's own (before @fastify/compress's, and before Fastify's own for a HEAD route, which
  // drops the payload), after every app-wide one (such as @fastify/etag's).
  fastify.addHook('onRoute', (route) => {
    const config = route.config?.precond;
    if (config === false) return;
    const options: RoutePreconditionOptions = { ...defaults, ...config };
    if (options.loadValidators !== undefined || options.idempotencyKey !== undefined)
      route.handler = beforeTheHandler(options, options.loadValidators, route.handler);
    route.onSend = withHook(route.onSend, afterTheHandler(options), 'start');
    if (answersHead(route.method))
      route.onSend = withHook(route.onSend, notModifiedWithoutContentFields, 'end');
    route.onError = withHook(route.onError, noteError, 'end');
  });
};

/**
 * Fastify plugin for HTTP conditional requests (RFC 9110 §13), app-wide (wrapped with
 * `fastify-plugin`). Its options are every route's defaults; a route's `config.precond` overrides
 * them, or is `false` to turn precond off there.
 *
 * - With `loadValidators` (validator-first): after the route's `preHandler`s, evaluates the request
 *   against the loaded validators and answers 304, 412 or 428 without running the handler; on
 *   proceed, puts the result on `request.precond` and, for GET/HEAD/QUERY, sets `ETag` and
 *   `Last-Modified`.
 * - Without (after the fact): in `onSend`, a 200 to GET/HEAD/QUERY without an ETag gets a strong
 *   one computed from its buffered payload, then 304 (or 412) when the request's conditions say so.
 * - Either way, a `PreconditionFailedError` thrown by the handler becomes the same 412.
 *
 * @example
 * ```ts
 * await app.register(precond, { requirePreconditions: true });
 * app.patch('/notes/:id', { config: { precond: { loadValidators } } }, async (request) =>
 *   db.update(request.params.id, request.body, request.precond?.writeCondition));
 * ```
 */
export const precond = fastifyPlugin(plugin, { fastify: '5.x', name: '@precond/fastify' });
