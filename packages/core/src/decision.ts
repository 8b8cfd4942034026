/**
 * What the `onDecision` option is told: each decision precond makes about a request, built here so
 * that every adapter reports the same object, and only when a hook is set.
 *
 * @module
 */

import type { AdapterRequest } from './decide.js';
import type { ConditionField, Evaluation, Outcome, Validators } from './evaluate.js';

/**
 * How a decision was reached:
 * - `'validators'`: validator-first, from the loaded validators before the handler ran;
 * - `'response'`: after the fact, from the `ETag`/`Last-Modified` of the 200 the handler produced;
 * - `'write'`: by the handler's compare-and-set — a `PreconditionFailedError` it threw (412), or a
 *   write `deferIfMatch` left to it that returned without one (proceed).
 */
export type DecidedBy = 'validators' | 'response' | 'write';

/** One decision about one request, as the `onDecision` option receives it. */
export interface Decision {
  /** Proceed, 304, 412 or 428 (RFC 9110 §13.2.2, RFC 6585 §3). */
  readonly outcome: Outcome;
  /** The status precond answered with; `undefined` when the request proceeded to the handler. */
  readonly status: 304 | 412 | 428 | undefined;
  /**
   * The request field that decided it: the one whose evaluation failed (304, 412), `'If-Range'`
   * when a proceeding request's Range is ignored, `'If-Match'` for a deferred write that went
   * through; `undefined` otherwise (no field decided, a 428, or a 412 thrown by the write, whose
   * error names no field).
   */
  readonly field: ConditionField | undefined;
  /** Why, in a sentence: the evaluation's reason, or the thrown error's message. */
  readonly reason: string;
  /** `true` when If-Range failed, so `Range` is ignored and the full representation sent (RFC 9110 §13.1.5). */
  readonly ignoreRange: boolean;
  /** Which way it was decided. */
  readonly by: DecidedBy;
  /** The request method, as sent. */
  readonly method: string;
  /** The request path (and query). */
  readonly path: string;
}

/** What the `onDecision` hook is told besides the decision. */
export interface DecisionContext {
  /**
   * The request as the adapter described it: `method`, `path`, and `headers` (a Fetch `Headers` or
   * a Node-style record), to read a request id from.
   */
  readonly request: AdapterRequest;
  /**
   * The validators it was decided against: the loaded ones, those of the produced response, or the
   * current ones a `PreconditionFailedError` carries; `undefined` when there were none.
   */
  readonly validators: Validators | undefined;
}

/**
 * Told of every decision precond makes, to log it or count it. It is called while the answer is
 * being decided, before it is sent, and never awaited: what it returns is not used (so a logger
 * call that returns the logger, or an async function, will do). A hook that throws, or whose
 * promise rejects, is ignored: the response is sent as decided, so catch inside the hook to see
 * its errors.
 */
export type DecisionHook = (decision: Decision, context: DecisionContext) => unknown;

function ignore(): void {}

/** Calls the hook; what it throws or rejects with never reaches the response. */
function callHook(hook: DecisionHook, decision: Decision, context: DecisionContext): void {
  try {
    const result = hook(decision, context) as Partial<PromiseLike<unknown>> | null | undefined;
    if (typeof result?.then === 'function') result.then(undefined, ignore);
  } catch {
    // Deliberately ignored: logging or counting must not turn a 304 into a 500.
  }
}

/** Reports an evaluation to `hook`: validator-first or after the fact. Adapters reach it through the decide functions. */
export function reportEvaluation(
  hook: DecisionHook,
  request: AdapterRequest,
  evaluation: Evaluation,
  validators: Validators | undefined,
  by: 'validators' | 'response',
): void {
  const { outcome, status, reason, ignoreRange } = evaluation;
  const field = evaluation.field ?? (ignoreRange ? 'If-Range' : undefined);
  const { method, path } = request;
  callHook(hook, { outcome, status, field, reason, ignoreRange, by, method, path }, { request, validators });
}

const NO_RESOURCE_REASON =
  'the resource does not exist: the route answers, its 404 taking precedence over preconditions (RFC 9110 §13.2.1)';
const DEFERRED_WRITE_REASON = "If-Match left to the write's compare-and-set, which did not fail";

/** Reports a request that proceeded without evaluation: no resource, or a deferred write that went through. */
export function reportProceed(hook: DecisionHook, request: AdapterRequest, by: 'validators' | 'write'): void {
  const { method, path } = request;
  const write = by === 'write';
  callHook(
    hook,
    {
      outcome: 'proceed',
      status: undefined,
      field: write ? 'If-Match' : undefined,
      reason: write ? DEFERRED_WRITE_REASON : NO_RESOURCE_REASON,
      ignoreRange: false,
      by,
      method,
      path,
    },
    { request, validators: undefined },
  );
}

/** Reports the 412 of a `PreconditionFailedError` the handler's write threw. */
export function reportWriteFailed(
  hook: DecisionHook,
  request: AdapterRequest,
  reason: string,
  validators: Validators,
): void {
  const { method, path } = request;
  callHook(
    hook,
    {
      outcome: 'precondition-failed',
      status: 412,
      field: undefined,
      reason,
      ignoreRange: false,
      by: 'write',
      method,
      path,
    },
    { request, validators },
  );
}
