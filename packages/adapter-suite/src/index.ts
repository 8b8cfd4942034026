/**
 * @precond/adapter-suite — what every adapter must do, written once. An adapter's test builds the
 * route the suite describes in its framework's own way (that part is the adapter's translation),
 * then calls the suite with a way to send requests to it.
 *
 * @module
 */

export type { CacheFieldsTarget } from './cache-fields.js';
export { CACHE_FIELDS, describeCacheFields } from './cache-fields.js';
export type { DecisionHookTarget, DecisionRecorder } from './decision-hook.js';
export {
  DECIDED_BODY,
  DECISION_ROUTES,
  describeDecisionHook,
  recordDecisions,
  THROWING_HOOK,
} from './decision-hook.js';
export type { DeferIfMatchTarget } from './defer-if-match.js';
export { DEFERRED_CURRENT, deferredWrite, describeDeferIfMatch } from './defer-if-match.js';
export { describeQuery } from './query.js';
export { describeRepeatedLines } from './repeated-lines.js';
export type { RetrievalRoutesTarget } from './retrieval-routes.js';
export { ITEM, SEARCH_RESULTS } from './retrieval-routes.js';
