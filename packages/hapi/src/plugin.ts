import { createRequire } from 'node:module';
import type { Plugin, Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
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
  keepsValidatorFields,
  reportDeferredWrite,
  shouldGenerateEntityTag,
  withIdempotencyKey,
} from '@precond/core/adapter';
import { generateEntityTag } from '@precond/core/etag';
import { bufferedBody } from './buffered-body.js';
import { responseCoding, tagContentCoding, toCodedAnswer } from './content-coding.js';
import { adoptEntity, forgetEntity } from './entity.js';
import { toHapiResponse } from './to-hapi-response.js';

/** Loads the resource's current validators cheaply, before the handler renders anything. */
export type ValidatorsLoader = (
  request: Request,
) => Validators | undefined | null | Promise<Validators | undefined | null>;

/** A route's `options.plugins.precond`: core's shared options plus the validator-first way in. */
export interface RoutePreconditionOptions extends PreconditionOptions {
  /**
   * Validator-first: how to load the resource's validators. Return `undefined` (or `null`) when the
   * resource does not exist and this route cannot create it; the handler then runs and answers 404
   * (RFC 9110 §13.2.1: the 404 takes precedence over preconditions). Without it, the route's GET/HEAD
   * responses are handled after the fact.
   */
  readonly loadValidators?: ValidatorsLoader | undefined;
}

declare module '@hapi/hapi' {
  interface PluginSpecificConfiguration {
    /** `@precond/hapi` options for this route (they override the plugin's), or `false` to turn it off. */
    precond?: RoutePreconditionOptions | false | undefined;
  }
  interface PluginsStates {
    /** Set by `@precond/hapi` when the route's validators let the request proceed. */
    precond?: PreconditionResult | undefined;
  }
}

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * Where the `ETag` / `Last-Modified` owed to the response of a GET/HEAD that proceeded on its
 * validators wait for `onPreResponse`: in `request.plugins`, hapi's per-request place for plugin
 * state, under a symbol. Not a WeakMap, whose entries the garbage collector traces apart.
 */
const OWED_FIELDS = Symbol('precond owed fields');

type PluginState = { [OWED_FIELDS]?: Readonly<Record<string, string>> };

/**
 * From Node's request under hapi's: its method as sent (hapi lower-cases `request.method`, and methods
 * are case-sensitive), its header object (which hapi types loosely) and its raw lines (that object
 * keeps only the first of two If-Modified-Since lines).
 */
function toAdapterRequest(
  request: Request,
  contentCoding?: string | undefined,
): AdapterRequest & NodeHeadersRequest {
  const { method, headers, rawHeaders, url } = request.raw.req;
  const path = url ?? request.path;
  return { method: method ?? request.method.toUpperCase(), headers, rawHeaders, path, contentCoding };
}

function single(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The response as core's after-the-fact evaluation reads it: its status and validator fields. */
function producedOf(response: ResponseObject): {
  status: number;
  etag: string | undefined;
  lastModified: string | undefined;
} {
  return {
    status: response.statusCode,
    etag: single(response.headers.etag),
    lastModified: single(response.headers['last-modified']),
  };
}

/**
 * After the fact: tag a buffered 200 that has no ETag, then answer 304 (or 412) when due. A 304 from
 * `h.entity()` carries its validators (see `adoptEntity`) and, as core decides, stands unless a
 * false `If-Match` or `If-Unmodified-Since` makes it a 412: hapi answered it on `If-None-Match` or
 * `If-Modified-Since` alone.
 */
function answerAfterTheFact(
  request: Request,
  adapterRequest: AdapterRequest,
  response: ResponseObject,
  options: PreconditionOptions,
) {
  const produced = producedOf(response);
  if (shouldGenerateEntityTag(adapterRequest.method, produced, options.etagGeneration)) {
    const bytes = bufferedBody(request, response);
    if (bytes !== undefined) {
      produced.etag = generateEntityTag(bytes, { weak: options.etagGeneration === 'weak' });
      response.header('etag', produced.etag);
    }
  }
  const decision = decideFromResponse(adapterRequest, produced, options);
  if (decision.action === 'send') {
    if (decision.ignoreRange) ignoreRange(request);
    return undefined;
  }
  return toHapiResponse(request, toCodedAnswer(request, decision.response, response), response);
}

/**
 * Validator-first, the 304 owed to a request whose If-None-Match names the tag of the coding its
 * response really goes out in, when that is not the coding taken before the handler. Before it,
 * no body exists and a type is taken as compressible (`"v1-gzip"` for a client that accepts gzip);
 * hapi compresses no image, so such a route's 200 goes out as `"v1"`, and a cache revalidating
 * with `"v1"` is owed a 304 (RFC 9110 §13.1.2). The evaluation is done again for that coding.
 */
function answerInActualCoding(
  request: Request,
  adapterRequest: AdapterRequest,
  response: ResponseObject,
  options: PreconditionOptions,
) {
  if (request.headers['if-none-match'] === undefined) return undefined;
  if (adapterRequest.contentCoding === responseCoding(request)) return undefined;
  const produced = producedOf(response);
  const decision = decideFromResponse(adapterRequest, produced, options);
  if (decision.action === 'send') return undefined;
  return toHapiResponse(request, toCodedAnswer(request, decision.response, response), response);
}

/**
 * hapi cuts a range whenever `If-Range` is the `ETag` string, a weak tag included, where RFC 9110
 * §13.1.5 wants a strong match: when core found `If-Range` false, hapi must not see `Range`, and
 * sends the whole representation.
 */
function ignoreRange(request: Request): void {
  if (request.headers.range !== undefined) delete request.headers.range;
}

/**
 * Once precond has decided, hapi must not decide again. While marshalling a GET route's response,
 * after `onPreResponse`, hapi turns any response but a 304 into one when its own check finds the
 * request unmodified, and that check reads the request otherwise than RFC 9110 does: it splits
 * If-None-Match at every comma, quoted ones too (so `"x,"abc"` names `"abc"`, where core finds one
 * malformed member), and reads If-Modified-Since with `Date.parse` (an ISO 8601 timestamp would
 * make a 304). Its 304 would also keep the 200's or 206's content fields. So hapi sees neither
 * field: precond's 304s are its own, answered already (with the coded tags core compared).
 */
function leaveConditionalFieldsToPrecond(request: Request): void {
  const { headers } = request;
  if (headers['if-none-match'] !== undefined) delete headers['if-none-match'];
  if (headers['if-modified-since'] !== undefined) delete headers['if-modified-since'];
}

/** `response.header`'s options for a field the handler's own value wins over. */
const KEEP_HANDLERS_OWN = Object.freeze({ override: false });

/**
 * precond's part of `onPreResponse`: the answer (304, 412) that stands in for the route's response,
 * or `h.continue` once the response has its validator fields and coded tag.
 */
function respond(request: Request, h: ResponseToolkit, options: RoutePreconditionOptions) {
  const response = request.response;
  const adapterRequest = toAdapterRequest(
    request,
    'isBoom' in response ? undefined : responseCoding(request, response),
  );
  const failed = decideFromError(adapterRequest, response, options);
  if (failed) {
    forgetEntity(request);
    return toHapiResponse(request, toCodedAnswer(request, failed));
  }
  if ('isBoom' in response) return h.continue;
  adoptEntity(request, response);
  if (!options.loadValidators) {
    const answer = answerAfterTheFact(request, adapterRequest, response, options);
    if (answer) {
      forgetEntity(request);
      tagContentCoding(request, answer);
      return answer;
    }
  } else {
    reportDeferredWrite(adapterRequest, request.plugins.precond, options);
    if (request.plugins.precond?.ignoreRange) ignoreRange(request);
    const owed = (request.plugins as PluginState)[OWED_FIELDS];
    // A 404, a redirect: no representation the validators name, so none of their fields.
    if (keepsValidatorFields(response.statusCode)) {
      for (const name in owed) response.header(name, owed[name] as string, KEEP_HANDLERS_OWN);
      // Its tag is the response's own, already in the coding it goes out in.
      const answer = answerInActualCoding(request, adapterRequest, response, options);
      if (answer) return answer;
    }
  }
  tagContentCoding(request, response);
  return h.continue;
}

/**
 * The hapi plugin for HTTP conditional requests (RFC 9110 §13). Plugin options apply to every route;
 * a route's `options.plugins.precond` overrides them, or turns precond off with `false`.
 *
 * - Validator-first (a route with `loadValidators`), in `onPreHandler` — after payload parsing and
 *   validation: 304, 412 and 428 are answered at once and the handler never runs; on proceed the
 *   result is on `request.plugins.precond` and a GET/HEAD response gets `ETag` and `Last-Modified`
 *   unless the handler set its own.
 * - After the fact (any other route), in `onPreResponse`: a 200 to GET/HEAD without an `ETag` gets a
 *   strong one computed from its buffered body, then 304 (or 412) when the request says so.
 * - Either way, a `PreconditionFailedError` thrown by the handler becomes the same 412.
 *
 * @example
 * ```ts
 * await server.register({ plugin: precond, options: { requirePreconditions: true } });
 * server.route({ method: 'PATCH', path: '/notes/{id}', handler,
 *   options: { plugins: { precond: { loadValidators: (request) => db.validators(request.params.id) } } } });
 * ```
 */
export const precond: Plugin<PreconditionOptions> = {
  name: '@precond/hapi',
  version,
  register(server, pluginOptions) {
    // Each route's options, merged once: a request looks them up rather than copying them twice.
    const merged = new WeakMap<object, RoutePreconditionOptions | false>();
    const optionsFor = (request: Request): RoutePreconditionOptions | undefined => {
      const { settings } = request.route;
      let options = merged.get(settings);
      if (options === undefined) {
        const route = settings.plugins?.precond;
        options = route === false ? false : { ...pluginOptions, ...route };
        merged.set(settings, options);
      }
      return options === false ? undefined : options;
    };

    // Not an async function: a route whose loader answers at once (from memory, a cache) returns
    // hapi's continue symbol itself, which hapi takes without a turn of the promise machinery.
    server.ext('onPreHandler', (request, h) => {
      const options = optionsFor(request);
      if (options === undefined) return h.continue;
      // hapi's `h.entity()` reads If-Modified-Since with Date.parse, ignored or not (an ISO 8601
      // timestamp, a date beside If-None-Match, one later than now): it must not see one core ignores.
      if (request.headers['if-modified-since'] !== undefined)
        dropIgnoredModifiedSince(toAdapterRequest(request));
      if (!options.loadValidators && options.idempotencyKey === undefined) return h.continue;
      const adapterRequest = toAdapterRequest(request, responseCoding(request));
      const keyed = decideIdempotencyKey(adapterRequest, options);
      if (keyed.action === 'respond') {
        return toHapiResponse(request, toCodedAnswer(request, keyed.response)).takeover();
      }
      request.plugins.precond = withIdempotencyKey(request.plugins.precond, keyed.key);
      const { loadValidators } = options;
      if (!loadValidators) return h.continue;
      const deferred = decideBeforeLoading(adapterRequest, options);
      if (deferred) {
        request.plugins.precond = withIdempotencyKey(deferred, keyed.key);
        return h.continue;
      }
      const proceedOrAnswer = (validators: Validators | undefined | null) => {
        const decision = decideWithValidators(adapterRequest, validators, options);
        if (decision.action === 'respond') {
          return toHapiResponse(request, toCodedAnswer(request, decision.response)).takeover();
        }
        (request.plugins as PluginState)[OWED_FIELDS] = decision.headers;
        request.plugins.precond = withIdempotencyKey(decision.result, keyed.key);
        return h.continue;
      };
      const loaded = loadValidators(request);
      return isPromiseLike(loaded) ? Promise.resolve(loaded).then(proceedOrAnswer) : proceedOrAnswer(loaded);
    });

    server.ext('onPreResponse', (request, h) => {
      const options = optionsFor(request);
      if (!options) return h.continue;
      const answer = respond(request, h, options);
      leaveConditionalFieldsToPrecond(request);
      return answer;
    });
  },
};
