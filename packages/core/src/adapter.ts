/**
 * @precond/core/adapter — for adapter authors: what a framework adapter calls to decide a request
 * and to shape the answer, so that it only translates (a POST's `Idempotency-Key` included). Validator-first (`decideBeforeLoading`,
 * `decideWithValidators`), after the fact (`decideFromResponse`), errors (`decideFromError`), the
 * fields a 304, 412 or 428 keeps of the response it replaces (and `writeToNodeResponse`, which writes
 * one onto a Node.js `ServerResponse`), and content-coded entity-tags.
 * Route authors need only `@precond/core`.
 *
 * @module
 */

export type { ContentCoding } from './content-coding.js';
export {
  CONTENT_CODING_VARY,
  CONTENT_CODINGS,
  codedEntityTag,
  identityEntityTag,
  negotiateContentCoding,
  varyWith,
} from './content-coding.js';
export type { AdapterRequest, ProducedResponse, ResponseDecision, ValidatorDecision } from './decide.js';
export {
  decideBeforeLoading,
  decideFromError,
  decideFromResponse,
  decideWithValidators,
  keepsValidatorFields,
  NOT_EVALUATED,
  reportDeferredWrite,
  shouldGenerateEntityTag,
} from './decide.js';
export { isFetchHeaders } from './fetch-headers.js';
export type { IdempotencyKeyDecision } from './idempotency-key-decision.js';
export { decideIdempotencyKey, withIdempotencyKey } from './idempotency-key-decision.js';
export type { ResponseHeaderRecord } from './kept-fields.js';
export {
  isDroppedFromNotModified,
  isDroppedFromPreconditionFailed,
  isDroppedFromPreconditionResponse,
  NOT_MODIFIED_KEPT_FIELDS,
  notModifiedHeaders,
  PRECONDITION_FAILED_DROPPED_FIELDS,
  preconditionFailedHeaders,
} from './kept-fields.js';
export type { NodeHeadersRequest } from './modified-since.js';
export { dropIgnoredModifiedSince, evaluatesModifiedSince } from './modified-since.js';
export type { NodeResponseEnd, NodeServerResponse } from './node-response.js';
export { withdrawValidatorFields, writeToNodeResponse } from './node-response.js';
export type { PreconditionResponse, ResponseContext } from './precondition-response.js';
export {
  idempotencyKeyResponse,
  preconditionFailedResponse,
  preconditionResponse,
  preconditionResponseHeaders,
  responseForError,
} from './precondition-response.js';
export type { PreconditionFailedProblemInput, PreconditionRequiredProblemInput } from './problem.js';
export { preconditionFailedProblem, preconditionRequiredProblem } from './problem.js';
export { isPromiseLike } from './promise-like.js';
export type { ConditionalFields } from './request-fields.js';
export { readConditionalFields } from './request-fields.js';
