/**
 * @precond/adapter-suite — what every adapter must do, written once. An adapter's test builds the
 * route the suite describes in its framework's own way (that part is the adapter's translation),
 * then calls the suite with a way to send requests to it.
 *
 * @module
 */

export type {
  AdapterTarget,
  Reply,
  RouteOptions,
  RouteSpec,
  Routes,
  Send,
  Served,
} from './adapter-target.js';
export { fieldsByName, serveRoutes } from './adapter-target.js';
export { describeAfterTheFact } from './after-the-fact.js';
export type { CacheFieldsTarget } from './cache-fields.js';
export { CACHE_FIELDS, describeCacheFields, serveCacheFields } from './cache-fields.js';
export type { DecisionHookTarget, DecisionRecorder } from './decision-hook.js';
export {
  DECIDED_BODY,
  DECISION_ROUTES,
  describeDecisionHook,
  recordDecisions,
  serveDecisionHook,
  THROWING_HOOK,
} from './decision-hook.js';
export type { DeferIfMatchTarget } from './defer-if-match.js';
export {
  DEFERRED_CURRENT,
  deferredWrite,
  describeDeferIfMatch,
  serveDeferIfMatch,
} from './defer-if-match.js';
export { describeAdapter } from './describe-adapter.js';
export { describeIdempotencyKey } from './idempotency-key.js';
export { describePreconditionFailedError } from './precondition-failed-error.js';
export { describeQuery } from './query.js';
export { describeRepeatedLines } from './repeated-lines.js';
export type { RetrievalRoutesTarget } from './retrieval-routes.js';
export { ITEM, SEARCH_RESULTS, serveRetrievalRoutes } from './retrieval-routes.js';
export { describeValidatorFields } from './validator-fields.js';
export { describeValidatorFirst } from './validator-first.js';
