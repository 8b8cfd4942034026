/**
 * What every client call resolves to: a discriminated union on `kind`, so a caller switches on it
 * instead of matching status codes or error messages. A call rejects only when its `signal` aborts,
 * when it is misused (a relative URL without a base; a value JSON cannot represent or an
 * `idempotencyKey` that cannot be sent: a `TypeError` naming the call), or when a `change` or `merge`
 * function throws.
 *
 * @module
 */

/** An RFC 9457 problem body (`application/problem+json`), as the server sent it. */
export interface ProblemDetails {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly instance?: string;
  /** Extension members, such as the `etag` member precond's 412 bodies carry. */
  readonly [member: string]: unknown;
}

/**
 * A 2xx answer. `value` is the parsed JSON body (typed as `T`, not validated), or the text for other
 * content types. For an answer without a body (a 204, or a write's answer whose JSON does not parse),
 * `put()` and `update()` give the value they wrote; `post()`, `create()` and `patch()` know no whole
 * `T` to give, so their results are typed `T | undefined`, and `value` is `undefined`. `update()` also
 * gives the value it wrote when the body is not the resource (no `Content-Location` naming it, RFC 9110
 * §6.4.2: a report such as `{"status":"updated"}`).
 */
export interface Success<T> {
  readonly kind: 'ok';
  /** The response's status: 200, 201, 204, or 304 when a read was answered from the cache. */
  readonly status: number;
  readonly value: T;
  /** The `ETag` of the version `value` is, if the server sent one. */
  readonly etag: string | undefined;
  /** The `Last-Modified` of that version, if the server sent one. */
  readonly lastModified: string | undefined;
}

/** A 2xx answer to a read. */
export interface ReadSuccess<T> extends Success<T> {
  /** `true` when the server answered 304 and `value` is the remembered body. */
  readonly fromCache: boolean;
  /** The body's `Content-Type`: a JSON type when `value` is parsed JSON, any other when it is text. */
  readonly contentType: string | undefined;
}

/** 404 or 410: there is no such resource (anymore). The client forgets what it remembered of it. */
export interface Gone {
  readonly kind: 'gone';
  readonly status: number;
  readonly problem: ProblemDetails | undefined;
  readonly message: string;
}

/**
 * 412 to a write: the resource changed since the version the client sent `If-Match` for. `etag`
 * and `lastModified` name the current version (RFC 9110 §13.1.1 leaves them out when there is none).
 */
export interface PreconditionFailed {
  readonly kind: 'precondition-failed';
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  readonly problem: ProblemDetails | undefined;
  readonly message: string;
}

/**
 * 412 to `create()`: something is already there (`If-None-Match: *` failed); `etag` names it. Only
 * when no earlier attempt of the call lost its answer: after a lost answer, a 412 may be the call's own
 * creation, and the result is `ok` (the resource shows what was sent) or `transport` (unknown).
 */
export interface Exists {
  readonly kind: 'exists';
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  readonly problem: ProblemDetails | undefined;
  readonly message: string;
}

/**
 * 428 (RFC 6585 §3): the server refuses writes without a precondition, and the client had none to
 * send because it remembers no validator for the URL. Read the resource first (`get`), use
 * `update()`, or pass `ifMatch`. From `update()` also, with `problem` undefined and nothing sent: the
 * resource has no strong ETag to guard a read-modify-write with (see `UpdateOptions.dateGuard`).
 */
export interface PreconditionRequired {
  readonly kind: 'precondition-required';
  readonly problem: ProblemDetails | undefined;
  readonly message: string;
}

/** Any other 4xx (400, 413, 415, 422…): the server refused the request as it was. */
export interface Rejected {
  readonly kind: 'rejected';
  readonly status: number;
  readonly problem: ProblemDetails | undefined;
  /** How long the server asked the client to wait (a 429's `Retry-After`, RFC 9110 §10.2.3), in milliseconds. */
  readonly retryAfterMs?: number | undefined;
  readonly message: string;
}

/**
 * No usable answer: the request or the response failed on the network (`status` is `undefined`,
 * `cause` is what `fetch` threw), a 5xx came back, a 409 still answered `post()` when its retries ran
 * out (the first attempt under its key is still being processed, and may yet create the resource), or
 * a read's 2xx body was not the JSON it claimed to be — or, to the reads of `update()` and `create()`'s
 * read back, not JSON at all. After a write, whether it was applied is unknown.
 */
export interface TransportError {
  readonly kind: 'transport';
  readonly status: number | undefined;
  readonly problem: ProblemDetails | undefined;
  readonly cause: unknown;
  /**
   * How long the server asked the client to wait (a 5xx's or 409's `Retry-After`, RFC 9110 §10.2.3), in
   * milliseconds. The client waits at least that long before a retry, and does not retry when it is
   * longer than `backoff.maxMs`.
   */
  readonly retryAfterMs?: number | undefined;
  readonly message: string;
}

/**
 * `update()` lost a race and the merge function found fields both sides changed differently.
 * Nothing was written. `theirs` is the current version and `etag` its tag, which the client now
 * remembers: resolve the fields and `put()` the result to write it over exactly that version.
 */
export interface Conflict<T> {
  readonly kind: 'conflict';
  /** The version both edits started from. */
  readonly base: T;
  /** This client's edit. */
  readonly mine: T;
  /** The version that won the race: what the server holds now. */
  readonly theirs: T;
  /** The conflicting fields as JSON Pointers (RFC 6901), such as `/title`. */
  readonly fields: readonly string[];
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  readonly message: string;
}

/**
 * `update()` sent a write whose answer never came (a network error or a 5xx), and the re-read shows
 * that the resource moved on from the version the write was based on, but not that it holds the
 * change: someone else wrote as well, before or after it — or, with a merge function of your own,
 * the resource shows what the write meant to store, which another client may have written (a counter
 * at 11 cannot say whose increment it holds). Whether this write was applied is unknown. Nothing more
 * was written, and a merge
 * function of your own was not called — it need not be idempotent (a counter's merge would count this
 * write twice if it was applied). `theirs` is what the server holds now and `etag` its tag, which the
 * client now remembers: decide from `theirs` whether the change is still to make.
 */
export interface OutcomeUnknown<T> {
  readonly kind: 'unknown';
  /** The version the lost write was based on. */
  readonly base: T;
  /** What the lost write meant to store. */
  readonly mine: T;
  /** The version the server holds now. */
  readonly theirs: T;
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  /** The failure that lost the write's answer: what `fetch` threw, or the 5xx. */
  readonly cause: unknown;
  readonly message: string;
}

/** What `get()` resolves to. */
export type ReadResult<T> = ReadSuccess<T> | Gone | Rejected | TransportError;

/** What `create()` resolves to. */
export type CreateResult<T> = Success<T> | Exists | Gone | PreconditionRequired | Rejected | TransportError;

/** What `put()`, `patch()` and `delete()` resolve to. */
export type WriteResult<T> =
  | Success<T>
  | PreconditionFailed
  | PreconditionRequired
  | Gone
  | Rejected
  | TransportError;

/**
 * What `update()` resolves to. `precondition-failed` means it lost the race more times than its
 * `retries` allow.
 */
export type UpdateResult<T> =
  | Success<T>
  | Conflict<T>
  | OutcomeUnknown<T>
  | PreconditionFailed
  | PreconditionRequired
  | Gone
  | Rejected
  | TransportError;
