/**
 * `createClient`: Fetch with a memory. It remembers each resource's validators, sends them back as
 * preconditions, and turns every answer into a typed result.
 *
 * @module
 */

import { type BackoffOptions, retryDelay, sleep } from './backoff.js';
import {
  type Answer,
  describeAnswer,
  exchange,
  type FetchFunction,
  failureOf,
  isJsonMediaType,
  isRetryable,
  malformedBody,
  parseBody,
  problemOf,
} from './exchange.js';
import { jsonEqual } from './json-value.js';
import { lostWriteOutcome } from './lost-write.js';
import { applyMergePatch, createMergePatch, MERGE_PATCH_CONTENT_TYPE } from './merge-patch.js';
import { refreshedByNotModified } from './not-modified.js';
import { isOwnCreation } from './own-creation.js';
import { rememberedAnswer, showsResource } from './remembered-answer.js';
import type {
  CreateResult,
  OutcomeUnknown,
  PreconditionFailed,
  PreconditionRequired,
  ReadResult,
  ReadSuccess,
  Rejected,
  Success,
  TransportError,
  UpdateResult,
  WriteResult,
} from './results.js';
import { type MergeFunction, threeWayMerge } from './three-way-merge.js';
import { type CachedRepresentation, createValidatorCache, type ValidatorCache } from './validator-cache.js';
import { isIfMatchValue, isStrongEntityTag, validatorsOf } from './validators.js';
import { selectsSameVariant, varyingFields } from './vary.js';

/** Request header fields in any form `fetch` takes: a `Headers`, a record, or a list of pairs. */
export type HeaderFields = NonNullable<RequestInit['headers']>;

/** Options for {@link createClient}; all optional. */
export interface ClientOptions {
  /** What relative URLs resolve against. @defaultValue the page's `location` in a browser, else none */
  readonly baseUrl?: string | URL | undefined;
  /** The `fetch` to call: for credentials, tracing, or a test double. @defaultValue `globalThis.fetch` */
  readonly fetch?: FetchFunction | undefined;
  /** Where validators and bodies are remembered. @defaultValue `createValidatorCache()` (500 entries, 4 MiB) */
  readonly cache?: ValidatorCache | undefined;
  /** Fields sent with every request, such as `Authorization`. */
  readonly headers?: HeaderFields | undefined;
  /**
   * How many times a call may try again after a failure that is safe to retry: a read after a
   * network error or 5xx; `update()` after a lost race, or after a failed write it sent with a
   * precondition. Overridable per call. @defaultValue 3
   */
  readonly retries?: number | undefined;
  /** The jittered wait before each retry. @defaultValue `{ baseMs: 50, maxMs: 2000 }` */
  readonly backoff?: BackoffOptions | undefined;
}

/** Options every call takes. */
export interface RequestOptions {
  /** Aborting it rejects the call with the signal's reason, as `fetch` does. */
  readonly signal?: AbortSignal | undefined;
  /** Fields for this request, over the client's. The client sets the conditional fields itself. */
  readonly headers?: HeaderFields | undefined;
}

/** Options for `get()`. */
export interface ReadOptions extends RequestOptions {
  /** Overrides {@link ClientOptions.retries} for this read. */
  readonly retries?: number | undefined;
}

/** Options for `create()`. */
export interface CreateOptions extends RequestOptions {
  /**
   * Overrides {@link ClientOptions.retries}: how many times a create whose answer never came (a
   * network error or a 5xx) is sent again.
   */
  readonly retries?: number | undefined;
}

/** Options for `post()`. */
export interface PostOptions extends RequestOptions {
  /**
   * Overrides {@link ClientOptions.retries}: how many times a POST whose answer never came (a
   * network error or a 5xx), or whose first attempt is still being processed (409), is sent again
   * under its key.
   */
  readonly retries?: number | undefined;
  /**
   * The `Idempotency-Key` to send: 1 to 255 printable ASCII characters. Give one to carry a key
   * across calls (a request you keep to retry after a reload). @defaultValue a random UUID per call
   */
  readonly idempotencyKey?: string | undefined;
}

/** Options for `put()`, `patch()` and `delete()`. */
export interface WriteOptions extends RequestOptions {
  /**
   * The `If-Match` to send, such as an ETag kept from elsewhere, or `*` for "whatever is there now".
   * By default the ETag the client remembers for the URL (or `If-Unmodified-Since` with the
   * remembered `Last-Modified` when the ETag is weak or absent). Anything but `*` or entity-tags
   * (`"…"`, `W/"…"`, comma-separated) rejects with a `TypeError`, and nothing is sent.
   */
  readonly ifMatch?: string | undefined;
}

/**
 * A JSON merge patch (RFC 7396) for a `T`: any subset of its members, nested objects partial too,
 * `null` to remove a member.
 */
export type MergePatch<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { readonly [K in keyof T]?: MergePatch<T[K]> | null }
    : T;

/**
 * The edit `update()` makes: a function from the current version to the next, or a merge patch to
 * apply to the current version. The function gets a copy: it may return the next version, or edit the
 * copy in place and return nothing (the edited copy is then the next version).
 */
// biome-ignore lint/suspicious/noConfusingVoidType: `void`, not `undefined`, lets a function that edits in place and has no `return` type-check.
export type Change<T> = ((current: T) => T | void) | MergePatch<T>;

/** Options for `update()`. */
export interface UpdateOptions<T> extends RequestOptions {
  /**
   * Reconciles this edit with a version written in the meantime.
   * @defaultValue {@link threeWayMerge}
   */
  readonly merge?: MergeFunction<T> | undefined;
  /** Overrides {@link ClientOptions.retries}: how many lost races (and failed reads) to retry. */
  readonly retries?: number | undefined;
  /**
   * Lets the write be guarded with `If-Unmodified-Since: <Last-Modified>` when the resource has no
   * strong ETag. A date has one-second resolution: another write within the same second passes it.
   * @defaultValue false: without a strong ETag, `update()` writes nothing and answers
   * `precondition-required`
   */
  readonly dateGuard?: boolean | undefined;
  /**
   * `'PATCH'` sends a merge patch of the changed members (`application/merge-patch+json`);
   * `'PUT'` the whole new version. A new version that sets a member to `null`, which a merge patch
   * cannot say, is sent with PUT either way. @defaultValue 'PATCH'
   */
  readonly method?: 'PATCH' | 'PUT' | undefined;
}

/** A client; see {@link createClient}. */
export interface Client {
  /**
   * GET, with `If-None-Match` (or `If-Modified-Since`) from what the client remembers; a 304 is
   * served from the remembered body. Network errors and 5xx are retried.
   */
  get<T = unknown>(url: string | URL, options?: ReadOptions): Promise<ReadResult<T>>;
  /**
   * PUT `value` as JSON with `If-None-Match: *`: creates the resource, or answers `exists` if it is
   * already there. `value` may leave out members the server fills in (an `id`, defaults). Sent again
   * after a lost answer; a 412 then is `ok` when the resource read back shows what was sent, else
   * `transport` (whether this create was applied is unknown), never `exists`.
   */
  create<T = unknown>(
    url: string | URL,
    value: Partial<T>,
    options?: CreateOptions,
  ): Promise<CreateResult<T | undefined>>;
  /**
   * POST `value` as JSON to a collection, with an `Idempotency-Key`
   * (draft-ietf-httpapi-idempotency-key-header): one random key per call, sent again unchanged on
   * every retry after a network error, a 5xx or a 409 (the first attempt still in progress). A
   * server that records the key answers a retry with the first attempt's outcome, so a POST whose
   * answer was lost creates one resource and is reported as created (201). The 201's validators
   * are remembered under its `Location`, with the body when `Content-Location` names that resource
   * (RFC 9110 §8.7). A 422 (the key reused with another body) is `rejected`; a 409 that outlasts the
   * retries is `transport` (status 409): the first attempt may yet create the resource.
   */
  post<T = unknown>(
    url: string | URL,
    value: unknown,
    options?: PostOptions,
  ): Promise<WriteResult<T | undefined>>;
  /**
   * PUT `value` as JSON, with `If-Match` of the remembered version. When the remembered version is
   * one this client wrote and the server answered without validators (RFC 9110 §9.3.4), it is read
   * first: its tag is used when the read shows that version, else the result is `precondition-failed`
   * and nothing is sent (nor read, when the client never saw that version's body). The same holds for
   * `patch()` and `delete()`.
   */
  put<T = unknown>(url: string | URL, value: T, options?: WriteOptions): Promise<WriteResult<T>>;
  /** PATCH with a JSON merge patch (`application/merge-patch+json`), `If-Match` of the remembered version. */
  patch<T = unknown>(
    url: string | URL,
    patch: MergePatch<T>,
    options?: WriteOptions,
  ): Promise<WriteResult<T | undefined>>;
  /** DELETE with `If-Match` of the remembered version. */
  delete(url: string | URL, options?: WriteOptions): Promise<WriteResult<undefined>>;
  /**
   * Reads the current version, applies `change` and writes it with `If-Match`. When another write
   * got there first (412), re-reads, merges (`merge(base, mine, theirs)`) and tries again, up to
   * `retries` times with a jittered backoff. Fields both sides changed differently come back as a
   * `conflict`, with nothing written. A write whose answer was lost is never applied twice: the
   * re-read shows it not applied yet (sent again with the same precondition, and a 412 to it is never
   * merged), in place (`ok`, with the default merge only), or cannot tell (`unknown`).
   */
  update<T = unknown>(
    url: string | URL,
    change: Change<T>,
    options?: UpdateOptions<T>,
  ): Promise<UpdateResult<T>>;
}

/** The conditional fields the client owns: a caller's `headers` never set them. */
const CONDITIONAL_FIELDS = [
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'if-range',
];

/** A JSON request body. */
interface Body {
  readonly text: string;
  readonly contentType: string;
}

/**
 * `value` as JSON request content for `call` (such as `PUT https://…/a`).
 *
 * @throws TypeError, naming the call, when JSON cannot represent `value` (a `BigInt`, a cycle,
 * `undefined`, a function): a request without the content would be sent otherwise.
 */
function jsonBody(call: string, value: unknown, contentType = 'application/json'): Body {
  let text: string | undefined;
  try {
    text = JSON.stringify(value) as string | undefined;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    throw new TypeError(`${call}: the value cannot be sent as JSON (${reason})`, { cause: error });
  }
  if (text === undefined)
    throw new TypeError(`${call}: the value cannot be sent as JSON (it is ${typeof value})`);
  return { text, contentType };
}

/** The page's address in a browser; `undefined` elsewhere (Deno throws without `--location`). */
function documentLocation(): string | undefined {
  try {
    return (globalThis as { location?: { href?: string } }).location?.href;
  } catch {
    return undefined;
  }
}

/**
 * The precondition a write sends for a remembered version: `If-Match` with its ETag, unless the tag
 * is weak — `If-Match` compares strongly, so a weak tag never matches (RFC 9110 §13.1.1) — then
 * `If-Unmodified-Since` with its `Last-Modified`; none when neither is known.
 */
function preconditionFor(
  etag: string | undefined,
  lastModified: string | undefined,
): readonly [string, string] | undefined {
  if (etag !== undefined && !etag.startsWith('W/')) return ['if-match', etag];
  if (lastModified !== undefined) return ['if-unmodified-since', lastModified];
  return undefined;
}

/**
 * The precondition `update()` writes with: `If-Match` with the read's strong ETag. Without one (a weak
 * tag, which `If-Match` never matches, or none), `If-Unmodified-Since` with its `Last-Modified` only
 * when the caller opted in (`dateGuard`): a date has one-second resolution, and another write within
 * that second passes it. Otherwise no write goes out — a read-modify-write without a guard would
 * overwrite whatever was written after the read — and the result says why.
 */
function updatePrecondition(
  url: string,
  read: Success<unknown>,
  dateGuard: boolean,
): readonly [string, string] | PreconditionRequired {
  if (isStrongEntityTag(read.etag)) return ['if-match', read.etag];
  if (dateGuard && read.lastModified !== undefined) return ['if-unmodified-since', read.lastModified];
  const validators = read.etag === undefined ? 'no ETag' : `only a weak ETag (${read.etag})`;
  const dates =
    read.lastModified === undefined ? '' : ', or pass dateGuard: true to guard it with If-Unmodified-Since';
  return {
    kind: 'precondition-required',
    problem: undefined,
    message:
      `${url} has ${validators}, so update() has no If-Match to guard its write with and wrote nothing` +
      ` (it never writes over a read unguarded)${dates}`,
  };
}

/**
 * `key` as an `Idempotency-Key` field value: an sf-string (RFC 8941 §4.1.6), `"` and `\` escaped.
 *
 * @throws TypeError, naming the call, when `key` is empty, longer than 255 characters, or not
 * printable ASCII (which an sf-string cannot hold, and `fetch` could not send).
 */
function idempotencyKeyField(call: string, key: string): string {
  if (typeof key !== 'string' || !/^[\x20-\x7e]{1,255}$/.test(key)) {
    throw new TypeError(
      `${call}: idempotencyKey must be 1 to 255 printable ASCII characters (an Idempotency-Key sf-string), not ${JSON.stringify(key)}`,
    );
  }
  return `"${key.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** The result of a lost write whose outcome the re-read cannot tell (see lostWriteOutcome). */
function outcomeUnknown<T>(
  url: string,
  base: T,
  mine: T,
  theirs: Success<T>,
  lost: TransportError,
): OutcomeUnknown<T> {
  const shows = jsonEqual(theirs.value, mine)
    ? 'holds what this write meant to store, but not the version it was based on: this write, or ' +
      'another that wrote the same (a merge of your own may be an operation, such as a counter), put it there'
    : 'holds neither the version this write was based on nor the one it wrote (someone else wrote too)';
  return {
    kind: 'unknown',
    base,
    mine,
    theirs: theirs.value,
    etag: theirs.etag,
    lastModified: theirs.lastModified,
    cause: lost,
    message: `${lost.message}; ${url} now ${shows}: whether this write was applied is unknown, and nothing more was written`,
  };
}

/**
 * What `update()` answers when it stops retrying after `last`. Once a write's answer was `lost`, a
 * later 412 may be that write's own doing, so the answer is the lost one — the write may or may not
 * have been applied — never a lost race that claims nothing was written.
 */
function gaveUp(
  last: PreconditionFailed | TransportError,
  lost: TransportError | undefined,
  attempt: number,
): PreconditionFailed | TransportError {
  const tries = `gave up after ${attempt + 1} write${attempt === 0 ? '' : 's'}`;
  if (last.kind === 'transport' || lost === undefined)
    return { ...last, message: `${last.message} (${tries})` };
  return {
    ...lost,
    message:
      `${lost.message}; sent again with the same precondition, it met ${last.message}: whether it was ` +
      `applied is unknown (${tries})`,
  };
}

/**
 * A write (or create) whose answer was `lost`, then a read back that could not show the resource
 * (`reread`: a 5xx, a 429, a 404, a body that is no document). Only the resource could tell whether the
 * write was applied, so the answer is `transport` with the lost answer as its cause, saying the outcome
 * is unknown — never the read's own result, which describes the read alone (a `rejected` 429 reads as
 * "the request was refused"; `exists` as "someone else created it").
 */
function unreadAfterLostAnswer(
  url: string,
  what: 'write' | 'create',
  lost: TransportError,
  reread: { readonly message: string },
): TransportError {
  return {
    ...lost,
    cause: lost,
    message:
      `${lost.message}; reading ${url} back then failed (${reread.message}): whether this ${what} was ` +
      'applied is unknown, and nothing more was written',
  };
}

/** Why `update()` stops when its read shows no JSON document. */
const UPDATE_HAS_NO_DOCUMENT = 'update() has no document to base its write on, and wrote nothing';

/**
 * A create whose answer was `lost`, then a 412 to its retry, and a read back that shows something
 * other than what it sent. That may be this create's resource, edited by another client since, or
 * another client's: nothing tells them apart, so the outcome is unknown — `transport`, never `exists`,
 * which would say this create made nothing.
 */
function createOutcomeUnknown(url: string, lost: TransportError): TransportError {
  return {
    ...lost,
    cause: lost,
    message:
      `${lost.message}; sent again, it met a 412, and ${url} does not hold what this create sent: ` +
      'this create made it and another client changed it since, or another client made it: whether ' +
      'this create was applied is unknown, and nothing more was written',
  };
}

/**
 * A 409 to a POST under an `Idempotency-Key`: the first request with the key is still being processed
 * (draft-ietf-httpapi-idempotency-key-header §2.7), which is no refusal — the create may still happen.
 * So it is `transport` (no answer to this POST yet), never `rejected`: a caller that took it for a
 * refusal and posted again under a new key would create the resource twice.
 */
function stillInProgress(key: string, conflict: Rejected): TransportError {
  return {
    kind: 'transport',
    status: 409,
    problem: conflict.problem,
    cause: undefined,
    retryAfterMs: conflict.retryAfterMs,
    message:
      `${conflict.message}: the first POST with Idempotency-Key ${JSON.stringify(key)} is still being ` +
      'processed and may yet create the resource; post again with that idempotencyKey (not a new one) to get its answer',
  };
}

/**
 * The version `change` makes of `current`. A function gets a copy, so that `current` stays the version
 * that was read; when it edits the copy in place and returns nothing, the copy is the new version.
 */
function changed<T>(current: T, change: Change<T>): T {
  if (typeof change !== 'function') return applyMergePatch(current, change) as T;
  const copy = structuredClone(current);
  const next = (change as (current: T) => T | undefined)(copy);
  return next === undefined ? copy : next;
}

/**
 * Creates a client. Every method takes a URL (relative ones resolve against `baseUrl`) and resolves
 * to a result with a `kind`; none rejects except on abort or misuse.
 *
 * @example
 * ```ts
 * const client = createClient({ baseUrl: 'https://api.example.com' });
 * const result = await client.update<Article>('/api/articles/1', { title: 'New title' });
 * if (result.kind === 'conflict') console.log('both changed', result.fields);
 * ```
 */
export function createClient(options: ClientOptions = {}): Client {
  const cache = options.cache ?? createValidatorCache();
  const fetch: FetchFunction = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const defaultRetries = options.retries ?? 3;

  const resolve = (url: string | URL): string => new URL(url, options.baseUrl ?? documentLocation()).href;

  const headersFor = (extra: HeaderFields | undefined): Headers => {
    const headers = new Headers(options.headers);
    new Headers(extra).forEach((value, name) => {
      headers.set(name, value);
    });
    for (const name of CONDITIONAL_FIELDS) headers.delete(name);
    return headers;
  };

  /**
   * The 2xx answer as a result; remembers what it says of the resource (rememberedAnswer). A read's
   * body that claims to be JSON and does not parse is no usable answer (`transport`). A write's 2xx
   * says the write was applied whatever its body, so one that does not parse is `ok` without a value,
   * and is remembered as an answer without a body (its validators still name the version it left).
   */
  async function succeed<T>(
    method: string,
    url: string,
    answer: Answer,
    sent?: Body,
  ): Promise<Success<T> | TransportError> {
    const { response } = answer;
    const parsed = parseBody(answer.text, response.headers.get('content-type'));
    if (!parsed.ok && method === 'GET') return malformedBody(method, url, answer, parsed.error);
    const text = parsed.ok ? answer.text : '';
    // What was remembered of a collection is stale once a POST to it succeeded.
    if (method === 'POST') await cache.delete(url);
    const { resource, entry } = rememberedAnswer({ method, url, response, text, sent });
    const vary = varyingFields(response.headers, answer.requestHeaders);
    if (resource !== undefined && entry !== undefined)
      await cache.set(resource, vary === undefined ? entry : { ...entry, vary });
    else if (resource !== undefined) await cache.delete(resource);
    const { etag, lastModified } = validatorsOf(response.headers);
    const value = (parsed.ok ? parsed.value : undefined) as T;
    return { kind: 'ok', status: response.status, value, etag, lastModified };
  }

  async function readOnce<T>(url: string, request: RequestOptions): Promise<ReadResult<T>> {
    const remembered: CachedRepresentation | undefined = await cache.get(url);
    const headers = headersFor(request.headers);
    // An entry remembered for a request that selected another representation (its Vary fields had
    // other values) names nothing this request can be answered with: as if there were none.
    const cached =
      remembered !== undefined && selectsSameVariant(remembered.vary, headers) ? remembered : undefined;
    // Only an entry with a body can be revalidated: a 304 serves that body.
    const shown = cached?.body === undefined ? undefined : { ...cached, body: cached.body };
    if (shown?.etag !== undefined) headers.set('if-none-match', shown.etag);
    else if (shown?.lastModified !== undefined) headers.set('if-modified-since', shown.lastModified);
    const answer = await exchange({ fetch, method: 'GET', url, headers, signal: request.signal });
    if (answer.kind === 'transport') return answer;
    if (answer.response.status === 304 && shown !== undefined) {
      const parsed = parseBody(shown.body, shown.contentType);
      if (!parsed.ok) return malformedBody('GET', url, answer, parsed.error);
      const refreshed = refreshedByNotModified(shown, validatorsOf(answer.response.headers));
      if (refreshed !== shown) await cache.set(url, refreshed);
      const { etag, lastModified, contentType } = refreshed;
      return {
        kind: 'ok',
        status: 304,
        value: parsed.value as T,
        etag,
        lastModified,
        contentType,
        fromCache: true,
      };
    }
    if (answer.response.status === 304) {
      // A 304 to a request that named no remembered version has nothing to be served from.
      return {
        kind: 'transport',
        status: 304,
        problem: undefined,
        cause: undefined,
        message: `GET ${url} → 304, but the client sent no precondition it could serve a remembered body for`,
      };
    }
    if (answer.response.ok) {
      const result = await succeed<T>('GET', url, answer);
      const contentType = answer.response.headers.get('content-type') ?? undefined;
      return result.kind === 'ok' ? { ...result, contentType, fromCache: false } : result;
    }
    const failure = failureOf('GET', url, answer);
    if (failure.kind === 'gone') await cache.delete(url);
    return failure;
  }

  async function read<T>(url: string, request: ReadOptions): Promise<ReadResult<T>> {
    const retries = request.retries ?? defaultRetries;
    for (let attempt = 0; ; attempt++) {
      request.signal?.throwIfAborted();
      const result = await readOnce<T>(url, request);
      if (result.kind !== 'transport' || !isRetryable(result) || attempt >= retries) return result;
      const delay = retryDelay(attempt, options.backoff, result.retryAfterMs);
      if (delay === undefined) return result;
      await sleep(delay, request.signal);
    }
  }

  /**
   * A read that shows a JSON document (RFC 8259, by its media type): what `update()` bases a write on,
   * and what `create()` compares with what it sent. Anything else — text, HTML (a login page), an empty
   * body — is a `transport` result whose message ends with `use`: a write computed from a string would
   * store garbage and report it `ok`, and a login page says nothing about who created the resource.
   */
  async function readDocument<T>(url: string, request: ReadOptions, use: string): Promise<ReadResult<T>> {
    const result = await read<T>(url, request);
    if (result.kind !== 'ok' || (isJsonMediaType(result.contentType) && result.value !== undefined))
      return result;
    const body = result.value === undefined ? 'an empty body' : `a ${result.contentType ?? 'untyped'} body`;
    return {
      kind: 'transport',
      status: result.status,
      problem: undefined,
      cause: undefined,
      message: `GET ${url} → ${result.status} with ${body}, not JSON: ${use}`,
    };
  }

  /** Sends a write with `field`: its precondition, or (for a POST) its `Idempotency-Key`. */
  async function write<T>(
    method: string,
    url: string,
    body: Body | undefined,
    field: readonly [string, string] | undefined,
    request: RequestOptions,
  ): Promise<WriteResult<T>> {
    return writeResult<T>(method, url, body, await sendWrite(method, url, body, field, request));
  }

  function sendWrite(
    method: string,
    url: string,
    body: Body | undefined,
    field: readonly [string, string] | undefined,
    request: RequestOptions,
  ): Promise<Answer | TransportError> {
    const headers = headersFor(request.headers);
    if (field !== undefined) headers.set(...field);
    if (body !== undefined) headers.set('content-type', body.contentType);
    return exchange({ fetch, method, url, headers, body: body?.text, signal: request.signal });
  }

  /** What a write's answer means, remembering what it says of the resource. */
  async function writeResult<T>(
    method: string,
    url: string,
    body: Body | undefined,
    answer: Answer | TransportError,
  ): Promise<WriteResult<T>> {
    if (answer.kind === 'transport') return answer;
    const { response } = answer;
    if (response.ok) return succeed<T>(method, url, answer, body);
    if (response.status === 412) {
      // What the client remembers stays: it is still a true (validator, body) pair, so a later GET
      // revalidates it, and a repeated write fails again instead of going out unconditionally.
      const problem = problemOf(answer);
      return {
        kind: 'precondition-failed',
        ...validatorsOf(response.headers),
        problem,
        message: describeAnswer(method, url, answer, problem),
      };
    }
    if (response.status === 428) {
      const problem = problemOf(answer);
      return {
        kind: 'precondition-required',
        problem,
        message:
          `${method} ${url} → 428: the server requires a precondition, and the client remembers no ` +
          'ETag or Last-Modified for this URL. Read it first (get or update), or pass ifMatch.',
      };
    }
    const failure = failureOf(method, url, answer);
    if (failure.kind === 'gone') await cache.delete(url);
    return failure;
  }

  /**
   * Writes `mine` over `base`, the version `read` returned, conditional on that version. An `ok`
   * answer's value is the resource only when the answer says so (showsResource) with a JSON body;
   * otherwise — no body, a report such as `{"status":"updated"}`, a body that does not parse — it is
   * `mine`, the version this call wrote, typed `T` as it is.
   */
  async function writeVersion<T>(
    url: string,
    read: Success<T>,
    mine: T,
    precondition: readonly [string, string],
    request: UpdateOptions<T>,
  ): Promise<WriteResult<T>> {
    const patch = request.method === 'PUT' ? undefined : createMergePatch(read.value, mine);
    const [method, body] =
      patch === undefined
        ? ['PUT', jsonBody(`PUT ${url}`, mine)]
        : ['PATCH', jsonBody(`PATCH ${url}`, patch, MERGE_PATCH_CONTENT_TYPE)];
    const answer = await sendWrite(method, url, body, precondition, request);
    const result = await writeResult<T>(method, url, body, answer);
    if (result.kind !== 'ok' || answer.kind !== 'answer') return result;
    const { response, text } = answer;
    const representation =
      result.value !== undefined &&
      isJsonMediaType(response.headers.get('content-type')) &&
      showsResource({ method, url, response, text });
    return representation ? result : { ...result, value: mine };
  }

  async function update<T>(
    url: string,
    change: Change<T>,
    request: UpdateOptions<T>,
  ): Promise<UpdateResult<T>> {
    const retries = request.retries ?? defaultRetries;
    const merge = request.merge ?? threeWayMerge;
    const first = await readDocument<T>(url, request, UPDATE_HAS_NO_DOCUMENT);
    if (first.kind !== 'ok') return first;
    let mine = changed(first.value, change);
    let current: ReadSuccess<T> = first;
    // The first write whose answer was lost. From then on every write this call sends is that same
    // write again (never a merge of it), and every 412 is judged as a lost answer too: the 412 may be
    // the lost write's own doing (a gateway's 504 while the origin still commits, then the re-sent
    // write meets its version), and merging it as another client's change would apply it twice.
    let lost: TransportError | undefined;
    for (let attempt = 0; ; attempt++) {
      const { fromCache: _, contentType: _type, ...base } = current;
      // What `change` or `merge` gave must be JSON before it is compared (a cycle would overflow the
      // stack) or sent (`undefined` would go out as a write without content).
      jsonBody(`update ${url}`, mine);
      if (jsonEqual(mine, base.value)) return base;
      const precondition = updatePrecondition(url, base, request.dateGuard ?? false);
      if ('kind' in precondition) return precondition;
      const written = await writeVersion(url, base, mine, precondition, request);
      if (written.kind === 'ok') return written;
      if (written.kind !== 'precondition-failed' && written.kind !== 'transport') return written;
      if (written.kind === 'transport') lost ??= written;
      const delay = retryDelay(
        attempt,
        options.backoff,
        written.kind === 'transport' ? written.retryAfterMs : undefined,
      );
      if (attempt >= retries || delay === undefined) return gaveUp(written, lost, attempt);
      await sleep(delay, request.signal);
      const reread = await readDocument<T>(url, request, UPDATE_HAS_NO_DOCUMENT);
      if (reread.kind !== 'ok')
        return lost === undefined ? reread : unreadAfterLostAnswer(url, 'write', lost, reread);
      const { fromCache: __, contentType: __type, ...theirs } = reread;
      if (lost !== undefined) {
        const outcome = lostWriteOutcome(base, mine, theirs, merge);
        if (outcome === 'applied') return theirs;
        if (outcome === 'unknown') return outcomeUnknown(url, base.value, mine, theirs, lost);
        // Not applied yet: the resource is still `base`, and the same write goes out again with the
        // same precondition, so at most one of the two can be applied.
        current = reread;
        continue;
      }
      const merged = merge(base.value, mine, theirs.value);
      if (merged.kind === 'conflict') {
        const fields = merged.fields.map((field) => field || '(the whole document)').join(', ');
        return {
          kind: 'conflict',
          base: base.value,
          mine,
          theirs: theirs.value,
          fields: merged.fields,
          etag: theirs.etag,
          lastModified: theirs.lastModified,
          message: `${url} was changed meanwhile, and both sides changed ${fields}: nothing was written`,
        };
      }
      mine = merged.value;
      current = reread;
    }
  }

  async function create<T>(url: string, value: Partial<T>, request: CreateOptions): Promise<CreateResult<T>> {
    const retries = request.retries ?? defaultRetries;
    // A PUT with If-None-Match: * succeeds only while nothing is at the URL, so one whose answer never
    // came (or was a 5xx) may be sent again: while the first one's resource is there, the retry
    // cannot create a second. If the first one did create it, the retry meets its own success as a
    // 412, and only the resource itself can tell: see ownCreation. It is not "at most once": if
    // another client deletes the resource between the lost answer and the retry, the retry creates
    // it again — no precondition can tell "never created" from "created and deleted since".
    let unanswered: TransportError | undefined;
    const body = jsonBody(`PUT ${url}`, value);
    for (let attempt = 0; ; attempt++) {
      const result = await write<T>('PUT', url, body, ['if-none-match', '*'], request);
      const delay =
        result.kind === 'transport' ? retryDelay(attempt, options.backoff, result.retryAfterMs) : undefined;
      if (result.kind === 'transport' && isRetryable(result) && attempt < retries && delay !== undefined) {
        unanswered ??= result;
        await sleep(delay, request.signal);
        continue;
      }
      if (result.kind !== 'precondition-failed') return result;
      // After a lost answer, a 412 may be this create's own doing; only a read back that shows what
      // it sent says so. Anything else cannot tell "mine, edited since" from "someone else's".
      if (unanswered !== undefined) {
        const own = await ownCreation<T>(url, body, request);
        if (own.kind === 'unread') return unreadAfterLostAnswer(url, 'create', unanswered, own.read);
        if (own.kind === 'own') return own.created;
        return createOutcomeUnknown(url, unanswered);
      }
      return {
        ...result,
        kind: 'exists',
        message: `${url} already exists (412 to PUT with If-None-Match: *)`,
      };
    }
  }

  /**
   * After a create whose answer was lost met a 412, the resource read back: `own` when it holds what
   * this create sent (isOwnCreation) — the lost answer was this very create's 201, reported as one
   * (status 201, the representation read back); `other` when it holds something else (this create's,
   * edited since, or another client's); `unread` when the read could not show it (a 5xx, a 404 after
   * a delete, a body that is no JSON document), and nothing can tell.
   */
  async function ownCreation<T>(
    url: string,
    sent: Body,
    request: RequestOptions,
  ): Promise<
    | { readonly kind: 'own'; readonly created: Success<T> }
    | { readonly kind: 'other' }
    | { readonly kind: 'unread'; readonly read: { readonly message: string } }
  > {
    const current = await readDocument<T>(
      url,
      request,
      'there is no document to compare with what this create sent',
    );
    if (current.kind !== 'ok') return { kind: 'unread', read: current };
    const sentValue: unknown = JSON.parse(sent.text);
    if (!isOwnCreation(sentValue, current.value)) return { kind: 'other' };
    const { fromCache: _, contentType: _type, ...created } = current;
    return { kind: 'own', created: { ...created, status: 201 } };
  }

  async function post<T>(url: string, value: unknown, request: PostOptions): Promise<WriteResult<T>> {
    const retries = request.retries ?? defaultRetries;
    const key = request.idempotencyKey ?? globalThis.crypto.randomUUID();
    const field = idempotencyKeyField(`POST ${url}`, key);
    const body = jsonBody(`POST ${url}`, value);
    for (let attempt = 0; ; attempt++) {
      const answered = await write<T>('POST', url, body, ['idempotency-key', field], request);
      const inProgress = answered.kind === 'rejected' && answered.status === 409;
      const result = inProgress ? stillInProgress(key, answered) : answered;
      // Under its key, a POST is safe to send again: a retry of one the server did process gets its
      // first answer back, not a second resource; one still in progress gets a 409 again.
      if ((!isRetryable(result) && !inProgress) || attempt >= retries) return result;
      const delay = retryDelay(
        attempt,
        options.backoff,
        result.kind === 'transport' ? result.retryAfterMs : undefined,
      );
      if (delay === undefined) return result;
      await sleep(delay, request.signal);
    }
  }

  /**
   * The precondition for a write over a version this client wrote but no validator names (the
   * server's answer carried none: `succeed`): reads the resource, and takes the read's validators
   * when it shows the very representation the write answered with. When it shows another, someone
   * wrote in between: a `precondition-failed` with the current validators, nothing sent, and the
   * unnamed version still remembered, so that a repeated write fails again until the caller reads
   * (`get`) or updates (`update`), as after a 412 from the server. A version whose body is unknown
   * too (a PATCH answered without validators or representation) cannot be confirmed: nothing is read
   * or sent, and the result says to read first.
   */
  async function confirmedPrecondition(
    url: string,
    written: CachedRepresentation,
    request: RequestOptions,
  ): Promise<
    | { readonly precondition: readonly [string, string] | undefined }
    | { readonly failure: Exclude<WriteResult<never>, Success<never>> }
  > {
    const unconfirmed = (etag: string | undefined, lastModified: string | undefined, why: string) => {
      const failure: PreconditionFailed = {
        kind: 'precondition-failed',
        etag,
        lastModified,
        problem: undefined,
        message: `${url} ${why}: read it (get or update) before writing over it`,
      };
      return { failure };
    };
    if (written.body === undefined) {
      return unconfirmed(
        undefined,
        undefined,
        'was written by this client, and the answer neither named nor showed the version it left',
      );
    }
    const current = await read<unknown>(url, request);
    if (current.kind !== 'ok') return { failure: current };
    const mine = parseBody(written.body, written.contentType);
    if (mine.ok && jsonEqual(mine.value, current.value)) {
      return { precondition: preconditionFor(current.etag, current.lastModified) };
    }
    await cache.set(url, written);
    return unconfirmed(
      current.etag,
      current.lastModified,
      'does not hold what this client last wrote (someone wrote since, or the server stored it otherwise)',
    );
  }

  async function writeRemembered<T>(
    method: string,
    url: string,
    body: Body | undefined,
    request: WriteOptions,
  ): Promise<WriteResult<T>> {
    if (request.ifMatch !== undefined) {
      if (typeof request.ifMatch !== 'string' || !isIfMatchValue(request.ifMatch)) {
        throw new TypeError(
          `${method} ${url}: ifMatch must be * or entity-tags ("…" or W/"…", comma-separated), not ${JSON.stringify(request.ifMatch)}`,
        );
      }
      return write<T>(method, url, body, ['if-match', request.ifMatch], request);
    }
    const cached = await cache.get(url);
    if (cached !== undefined && cached.etag === undefined && cached.lastModified === undefined) {
      const confirmed = await confirmedPrecondition(url, cached, request);
      if ('failure' in confirmed) return confirmed.failure;
      return write<T>(method, url, body, confirmed.precondition, request);
    }
    return write<T>(method, url, body, preconditionFor(cached?.etag, cached?.lastModified), request);
  }

  // async, so that a URL that does not resolve rejects the promise rather than throwing.
  return {
    get: async (url, request = {}) => read(resolve(url), request),
    create: async (url, value, request = {}) => create(resolve(url), value, request),
    post: async (url, value, request = {}) => post(resolve(url), value, request),
    put: async (url, value, request = {}) => {
      const target = resolve(url);
      const result = await writeRemembered<typeof value>(
        'PUT',
        target,
        jsonBody(`PUT ${target}`, value),
        request,
      );
      // As in update(): an answer without a body leaves `value` what this PUT wrote.
      return result.kind === 'ok' && result.value === undefined ? { ...result, value } : result;
    },
    patch: async (url, patch, request = {}) =>
      writeRemembered(
        'PATCH',
        resolve(url),
        jsonBody(`PATCH ${resolve(url)}`, patch, MERGE_PATCH_CONTENT_TYPE),
        request,
      ),
    delete: async (url, request = {}) => writeRemembered('DELETE', resolve(url), undefined, request),
    update: async (url, change, request = {}) => update(resolve(url), change, request),
  };
}
