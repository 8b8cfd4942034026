/**
 * @precond/core — HTTP conditional requests (RFC 9110 §13, RFC 6585 §3) decided exactly, with no
 * I/O and no dependencies. Imports no Node built-in: runs in Node, Edge and any Fetch runtime.
 *
 * This entry is for route authors: the evaluator, the validators and options types, the error a
 * compare-and-set throws, the write condition, entity-tag and date tools, problem bodies, byte
 * ranges and the `Idempotency-Key` field (its fingerprint is in the ETag entries, beside the hash). Adapter authors find the decide-and-shape functions in `@precond/core/adapter`;
 * ETag generation lives in `@precond/core/etag` (node:crypto) and `@precond/core/etag-web`.
 *
 * @module
 */

export type { ByteRangeDecision } from './byte-range.js';
export { decideByteRange, formatContentRange } from './byte-range.js';
export type {
  ByteRangeContent,
  ByteRangeNotSatisfiable,
  ByteRangeRequest,
  ByteRangeResponse,
} from './byte-range-response.js';
export { byteRangeResponse } from './byte-range-response.js';
export { carriesPrecondition } from './carries-precondition.js';
export type { PreconditionResult } from './decide.js';
export type { DecidedBy, Decision, DecisionContext, DecisionHook } from './decision.js';
export type { EntityTag, EntityTagList } from './entity-tag.js';
export {
  formatEntityTag,
  isValidOpaqueTag,
  isWildcard,
  listMatches,
  parseEntityTag,
  parseEntityTagList,
  strongMatch,
  weakMatch,
} from './entity-tag.js';
export type { PreconditionFailedDetails } from './errors.js';
export { isPreconditionFailed, PreconditionFailedError } from './errors.js';
export type { ConditionField, EvaluateOptions, Evaluation, Outcome, Validators } from './evaluate.js';
export { evaluatePreconditions, PRECONDITION_FIELDS } from './evaluate.js';
export { formatHttpDate, parseHttpDate, parseHttpDateMillis, toEpochSeconds } from './http-date.js';
export type { IdempotencyKeyField, IdempotencyKeyRequirement } from './idempotency-key.js';
export { IDEMPOTENCY_KEY_MAX_LENGTH, parseIdempotencyKey, readIdempotencyKey } from './idempotency-key.js';
export type { EntityTagGeneration, PreconditionOptions, ProblemContext, ProblemHook } from './options.js';
export type { PreconditionResponse, ResponseContext } from './precondition-response.js';
export { idempotencyKeyResponse, validatorHeaders } from './precondition-response.js';
export type { IdempotencyKeyProblemInput, IdempotencyKeyRefusal, ProblemDetails } from './problem.js';
export { httpProblem, idempotencyKeyProblem, PROBLEM_CONTENT_TYPE } from './problem.js';
export type { ConditionalRequest, HeaderRecord, RequestHeaders } from './request-fields.js';
export type { WriteCondition } from './write-condition.js';
export {
  satisfiesWriteCondition,
  writeConditionFromValidators,
  writeConditionOf,
} from './write-condition.js';
