/**
 * The routes the QUERY and repeated-lines cases run against, built by each adapter its own way.
 *
 * @module
 */

import type { Validators } from '@precond/core';
import type { AdapterTarget } from './adapter-target.js';
import { serveRoutes } from './adapter-target.js';

/** The current validators of `/item`, as its loader returns them. */
export const ITEM: Validators = Object.freeze({
  exists: true,
  etag: '"item-1"',
  lastModified: new Date('2026-01-02T03:04:05Z'),
});

/** What `/search` answers after the fact: a JSON 200 without an `ETag` of its own. */
export const SEARCH_RESULTS = Object.freeze({ results: [1, 2, 3] });

/**
 * A server with two routes:
 * - `/item`: GET, QUERY and PATCH, validator-first on {@link ITEM} with no other option; the handler
 *   answers a JSON 200 (`{ "ran": true }`) and counts its runs.
 * - `/search`: QUERY with no validators (after the fact); the handler answers {@link SEARCH_RESULTS}.
 */
export interface RetrievalRoutesTarget {
  /** Where the server listens, such as `http://127.0.0.1:53124`. */
  baseUrl(): string;
  /** How many times `/item`'s handler has run so far. */
  handlerRuns(): number;
}

/** Serves `/item` and `/search` through `target`'s route builder. */
export function serveRetrievalRoutes(target: AdapterTarget): RetrievalRoutesTarget {
  let runs = 0;
  const { baseUrl } = serveRoutes(target, {
    '/item': {
      methods: ['GET', 'QUERY', 'PATCH'],
      options: { loadValidators: () => ITEM },
      handle: () => {
        runs++;
        return { body: { ran: true } };
      },
    },
    '/search': { methods: ['QUERY'], handle: () => ({ body: SEARCH_RESULTS }) },
  });
  return { baseUrl, handlerRuns: () => runs };
}
