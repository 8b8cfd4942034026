/**
 * @precond/core — HTTP conditional requests (RFC 9110 §13, RFC 6585 §3) decided exactly, with no
 * I/O and no dependencies. Imports no Node built-in: runs in Node, Edge and any Fetch runtime.
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
export type { ContentCoding } from './content-coding.js';
export {
  CONTENT_CODING_VARY,
  CONTENT_CODINGS,
  codedEntityTag,
  identityEntityTag,
  negotiateContentCoding,
  varyWith,
} from './content-coding.js';
export type {
  AdapterRequest,
  PreconditionResult,
  ProducedResponse,
  ResponseDecision,
  ValidatorDecision,
} from './decide.js';
export {
  decideBeforeLoading,
  decideFromError,
  decideFromResponse,
  decideWithValidators,
  reportDeferredWrite,
  shouldGenerateEntityTag,
} from './decide.js';
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
export { isDroppedFromNotModified, NOT_MODIFIED_KEPT_FIELDS, notModifiedHeaders } from './not-modified.js';
export type { EntityTagGeneration, PreconditionOptions, ProblemContext, ProblemHook } from './options.js';
export {
  isDroppedFromPreconditionFailed,
  PRECONDITION_FAILED_DROPPED_FIELDS,
  preconditionFailedHeaders,
} from './precondition-failed-fields.js';
export type { PreconditionResponse, ResponseContext } from './precondition-response.js';
export {
  isDroppedFromPreconditionResponse,
  preconditionFailedResponse,
  preconditionResponse,
  preconditionResponseHeaders,
  responseForError,
  validatorHeaders,
} from './precondition-response.js';
export type {
  PreconditionFailedProblemInput,
  PreconditionRequiredProblemInput,
  ProblemDetails,
} from './problem.js';
export {
  httpProblem,
  PROBLEM_CONTENT_TYPE,
  preconditionFailedProblem,
  preconditionRequiredProblem,
} from './problem.js';
export type {
  ConditionalFields,
  ConditionalRequest,
  HeaderRecord,
  RequestHeaders,
} from './request-fields.js';
export { readConditionalFields } from './request-fields.js';
export type { ResponseHeaderRecord } from './response-fields.js';
export type { WriteCondition } from './write-condition.js';
export {
  satisfiesWriteCondition,
  writeConditionFromValidators,
  writeConditionOf,
} from './write-condition.js';
