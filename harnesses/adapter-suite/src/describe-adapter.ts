/**
 * Every topic of the adapter suite, run against one adapter: the one call an adapter's test makes.
 *
 * @module
 */

import { describe } from 'vitest';
import type { AdapterTarget } from './adapter-target.js';
import { describeAfterTheFact } from './after-the-fact.js';
import { describeCacheFields, serveCacheFields } from './cache-fields.js';
import { describeDecisionHook, serveDecisionHook } from './decision-hook.js';
import { describeDeferIfMatch, serveDeferIfMatch } from './defer-if-match.js';
import { describeIdempotencyKey } from './idempotency-key.js';
import { describePreconditionFailedError } from './precondition-failed-error.js';
import { describeQuery } from './query.js';
import { describeRepeatedLines } from './repeated-lines.js';
import { serveRetrievalRoutes } from './retrieval-routes.js';
import { describeValidatorFields } from './validator-fields.js';
import { describeValidatorFirst } from './validator-first.js';

/**
 * Registers every topic's cases against `target`, each topic on routes of its own that the
 * target's builder serves. QUERY and repeated field lines only where the framework's own Node
 * server reads the request (`target.nodeHttp`).
 */
export function describeAdapter(target: AdapterTarget): void {
  describe(target.name, () => {
    describeValidatorFirst(target);
    describeValidatorFields(target);
    describePreconditionFailedError(target);
    describeAfterTheFact(target);
    describeCacheFields(serveCacheFields(target));
    describeDeferIfMatch(serveDeferIfMatch(target));
    describeDecisionHook(serveDecisionHook(target));
    describeIdempotencyKey(target);
    if (target.nodeHttp) {
      const retrieval = serveRetrievalRoutes(target);
      describeQuery(retrieval);
      describeRepeatedLines(retrieval);
    }
  });
}
