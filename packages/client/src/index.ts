/**
 * @precond/client — Fetch with a memory for conditional requests: remembers ETags, sends
 * `If-None-Match` / `If-Match` / `If-None-Match: *`, and merges or reports conflicts on 412, with
 * typed results and no dependencies. Runs in browsers, Node.js and edge runtimes.
 *
 * @module
 */

export type { BackoffOptions } from './backoff.js';
export type {
  Change,
  Client,
  ClientOptions,
  CreateOptions,
  HeaderFields,
  MergePatch,
  PostOptions,
  ReadOptions,
  RequestOptions,
  UpdateOptions,
  WriteOptions,
} from './client.js';
export { createClient } from './client.js';
export type { FetchFunction } from './exchange.js';
export type { JsonObject, JsonValue } from './json-value.js';
export { applyMergePatch, createMergePatch, MERGE_PATCH_CONTENT_TYPE } from './merge-patch.js';
export type {
  Conflict,
  CreateResult,
  Exists,
  Gone,
  OutcomeUnknown,
  PreconditionFailed,
  PreconditionRequired,
  ProblemDetails,
  ReadResult,
  ReadSuccess,
  Rejected,
  Success,
  TransportError,
  UpdateResult,
  WriteResult,
} from './results.js';
export type { MergeFunction, MergeResult } from './three-way-merge.js';
export { threeWayMerge } from './three-way-merge.js';
export type {
  CachedRepresentation,
  MemoryValidatorCache,
  ValidatorCache,
  ValidatorCacheOptions,
} from './validator-cache.js';
export { createValidatorCache } from './validator-cache.js';
export type { VaryingFields } from './vary.js';
