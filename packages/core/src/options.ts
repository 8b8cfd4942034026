/**
 * The options every precond adapter accepts, typed once here so that one name means one thing in
 * every adapter.
 *
 * @module
 */

import type { DecisionHook } from './decision.js';
import type { Evaluation, Validators } from './evaluate.js';
import type { IdempotencyKeyRequirement } from './idempotency-key.js';
import type { ProblemDetails } from './problem.js';

/** What a problem hook is told about the answer being built. */
export interface ProblemContext {
  /**
   * The evaluation that produced the 412 or 428; absent for a 412 from a {@link PreconditionFailedError}
   * and for an `Idempotency-Key`'s 400, 409 or 422.
   */
  readonly evaluation?: Evaluation | undefined;
  /** The validators the request was evaluated against, when known. */
  readonly validators?: Validators | undefined;
  /** The request method. */
  readonly method: string;
  /** The request path. */
  readonly path: string;
}

/**
 * Customises the problem details body of a 412 or 428 (and of the 400 the `idempotencyKey` option
 * answers): return the object to send (mutate or replace). The status code, `Content-Type` and
 * `ETag` of the response are not changed by it.
 */
export type ProblemHook = (problem: ProblemDetails, context: ProblemContext) => ProblemDetails;

/** How an adapter generates an ETag for a response that has none (after-the-fact path). */
export type EntityTagGeneration = 'strong' | 'weak' | false;

/** Options shared by every precond adapter (Express, Fastify, Koa, hapi, Hono, Next.js, Fetch). */
export interface PreconditionOptions {
  /**
   * Answer 428 Precondition Required to an unsafe request without a precondition.
   * `true` means PUT, PATCH and DELETE; a list names the methods (RFC 6585 §3).
   * @defaultValue false
   */
  readonly requirePreconditions?: boolean | readonly string[] | undefined;
  /**
   * For GET/HEAD responses produced without declared validators: add an ETag computed from the
   * buffered body when the response has none — `'strong'`, `'weak'` (`W/`), or `false` for none.
   * Streamed bodies are never buffered to hash them; they are left alone.
   * @defaultValue 'strong'
   */
  readonly etagGeneration?: EntityTagGeneration | undefined;
  /** Customise the problem details body of every 412 and 428, and of the `idempotencyKey` option's 400. */
  readonly formatProblem?: ProblemHook | undefined;
  /**
   * Validator-first routes whose handler writes with a compare-and-set on the stored entity-tag:
   * when an unsafe request's only precondition is `If-Match`, skip loading the validators and hand
   * the handler the tags to compare against (`writeCondition`). The write then decides 2xx or 412
   * (and 404 for a missing resource) in one statement, as RFC 9110 §13.2.2 would have; a request
   * with any other precondition is evaluated against the loaded validators as usual.
   * @defaultValue false
   */
  readonly deferIfMatch?: boolean | undefined;
  /**
   * Validator-first routes whose validators cost more to load than a request without a
   * precondition is worth — a `POST` to a collection, whose tag is computed from every member: a
   * request that carries no precondition applying to its method (see `carriesPrecondition`) goes
   * to the handler at once, nothing loaded and nothing evaluated. GET, HEAD and QUERY always load
   * (their 200 carries the validators), and so does a method `requirePreconditions` names (its 428
   * depends on whether the resource exists).
   * @defaultValue false
   */
  readonly loadOnlyWhenConditional?: boolean | undefined;
  /**
   * Validator-first routes: fields the route's 200 carries that a 304 must repeat
   * (RFC 9110 §15.4.5) — `Cache-Control`, `Vary`, `Expires`, `Content-Location`. The 304 answered
   * before the handler runs carries them, and a GET/HEAD that proceeds gets them before the handler
   * runs, as defaults it may override, so the route declares them once. Content fields, `ETag` and
   * `Last-Modified` given here are ignored: a 304 never carries the first, the validators give the
   * others.
   * @defaultValue no fields
   */
  readonly cacheFields?: Readonly<Record<string, string>> | undefined;
  /**
   * Told of every decision precond makes — proceed, 304, 412, 428 (RFC 9110 §13.2.2, RFC 6585 §3),
   * an ignored `Range` (§13.1.5) — with its field, reason and which way it was decided
   * (`'validators'`, `'response'` after the fact, `'write'` for the handler's compare-and-set), to
   * log it or count it. Called before the answer is sent and never awaited; what it throws is
   * ignored. A write that proceeds on its validators and then throws `PreconditionFailedError` is
   * reported twice: proceed by `'validators'`, then 412 by `'write'`. Without a hook, no decision
   * object is built.
   * @defaultValue no hook
   */
  readonly onDecision?: DecisionHook | undefined;
  /**
   * POST routes that create: read the `Idempotency-Key` field (draft-ietf-httpapi-idempotency-key-header)
   * and hand the handler its key (`idempotencyKey`) to record with the write. `'required'` answers
   * 400 when the field is missing or malformed; `'optional'` answers 400 only when it is malformed
   * and hands over no key when it is missing. Other methods are not affected.
   * @defaultValue the field is not read
   */
  readonly idempotencyKey?: IdempotencyKeyRequirement | undefined;
}
