/**
 * The write path as a counted workload (instruction-count.ts): `PATCH /api/articles/:id` with a JSON
 * merge patch and `If-Match`, as `PATCH` reaches the Koa sample app and the hand-written route of
 * section 5, one request at a time so that every statement has completed before the next is sent
 * (with several in flight, how the driver batches them differs from run to run).
 *
 * @module
 */

import { exchange } from './exchange.js';
import type { CountedWorkload } from './instruction-count.js';

const PATCH_BODY = JSON.stringify({ title: 'Edited by the benchmark' });

/** The answer counted: every write applied (200), or every write refused for a stale tag (412). */
export type WriteOutcome = 200 | 412;

/**
 * Creates an article, then PATCHes it: with the tag of its last answer (every write applied: 200),
 * or, for 412, with the tag it was created with after one write has moved it on (the domain's
 * compare-and-set finds another version, reads it `FOR SHARE`, and the app answers 412 with it).
 */
export function writeWorkload(outcome: WriteOutcome): CountedWorkload {
  return {
    inFlight: 1,
    async prepare(url, agent) {
      const draft = JSON.stringify({ title: 'A draft', body: 'Written by the benchmark.', views: 0 });
      const created = await exchange(url, agent, 'POST', '/api/articles', {}, draft);
      if (created.status !== 201 || created.etag === undefined) {
        throw new Error(`POST ${url}/api/articles: expected 201 with an ETag, got ${created.status}`);
      }
      const path = `/api/articles/${(JSON.parse(created.text) as { id: string }).id}`;
      let etag = created.etag;
      const patch = () => exchange(url, agent, 'PATCH', path, { 'if-match': etag }, PATCH_BODY);
      if (outcome === 412) {
        const moved = await patch();
        if (moved.status !== 200) throw new Error(`PATCH ${url}${path}: expected 200, got ${moved.status}`);
      }
      return async (count) => {
        for (let sent = 0; sent < count; sent++) {
          const answer = await patch();
          if (answer.status !== outcome) {
            throw new Error(
              `PATCH ${url}${path}: expected ${outcome}, got ${answer.status} (${answer.text})`,
            );
          }
          if (outcome === 200) etag = answer.etag!;
        }
      };
    },
  };
}
