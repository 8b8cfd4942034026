/**
 * QUERY (draft-ietf-httpbis-safe-method-w-body) revalidates like GET, in every adapter whose
 * framework routes it: a conditional QUERY is a conditional GET of the query results.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { RetrievalRoutesTarget } from './retrieval-routes.js';
import { ITEM } from './retrieval-routes.js';

/** Registers the QUERY cases against `target`. */
export function describeQuery(target: RetrievalRoutesTarget): void {
  const query = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${target.baseUrl()}${path}`, {
      method: 'QUERY',
      // Identity, so that the tags are the routes' own (a gzip-accepting request gets coded ones).
      headers: { 'content-type': 'application/json', 'accept-encoding': 'identity', ...headers },
      body: '{"q":"all"}',
    });

  describe('QUERY', () => {
    it('answers 304 to a matching If-None-Match before the handler runs, as for GET', async () => {
      const runs = target.handlerRuns();
      const res = await query('/item', { 'If-None-Match': ITEM.etag as string });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(ITEM.etag);
      expect(target.handlerRuns()).toBe(runs);
    });

    it('answers 304 when not modified since If-Modified-Since, as for GET', async () => {
      const res = await query('/item', { 'If-Modified-Since': 'Fri, 02 Jan 2026 03:04:05 GMT' });
      expect(res.status).toBe(304);
    });

    it('runs the handler otherwise, its 200 carrying the validators', async () => {
      const runs = target.handlerRuns();
      const res = await query('/item', { 'If-None-Match': '"item-0"' });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ran: true });
      expect(res.headers.get('etag')).toBe(ITEM.etag);
      expect(res.headers.get('last-modified')).toBe('Fri, 02 Jan 2026 03:04:05 GMT');
      expect(target.handlerRuns()).toBe(runs + 1);
    });

    it('still answers 412 when If-Match or If-Unmodified-Since fails', async () => {
      expect((await query('/item', { 'If-Match': '"item-0"' })).status).toBe(412);
      const since = 'Thu, 01 Jan 2026 00:00:00 GMT';
      expect((await query('/item', { 'If-Unmodified-Since': since })).status).toBe(412);
    });

    it('after the fact, tags a 200 to QUERY and answers 304 to that tag', async () => {
      const first = await query('/search');
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      const again = await query('/search', { 'If-None-Match': etag as string });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
    });
  });
}
