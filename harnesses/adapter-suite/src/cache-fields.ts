/**
 * `cacheFields`: the fields a validator-first route's 200 carries and its 304 must repeat (RFC 9110
 * §15.4.5), set on the 304 answered before the handler runs and as defaults on the 200.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { AdapterTarget, RouteOptions } from './adapter-target.js';
import { serveRoutes } from './adapter-target.js';

/** The option every adapter's route under test gets; the content field in it must never show on a 304. */
export const CACHE_FIELDS: Readonly<Record<string, string>> = Object.freeze({
  'Cache-Control': 'private, max-age=0',
  Vary: 'Accept',
  'Content-Type': 'text/csv',
});

/** Two validator-first GET routes with `cacheFields: CACHE_FIELDS`, answering JSON. */
export interface CacheFieldsTarget {
  /** GET of the route whose handler answers JSON and sets no fields of its own. */
  cached(headers?: Record<string, string>): Promise<Response>;
  /** GET of the same route but whose handler sets `Cache-Control: no-store` itself. */
  overridden(): Promise<Response>;
  /** The entity-tag the routes' validators give. */
  etag(): string;
  /** How many times the `cached` route's handler has run so far. */
  handlerRuns(): number;
  /** The `Content-Type` the framework gives a JSON body. @defaultValue 'application/json; charset=utf-8' */
  readonly jsonContentType?: string;
  /**
   * The `Vary` the 200 and the 304 both carry: `cacheFields`' own, plus `accept-encoding` where the
   * framework compresses (hapi). @defaultValue 'Accept'
   */
  readonly vary?: string;
}

/** Registers the `cacheFields` cases against `target`. */
export function describeCacheFields(target: CacheFieldsTarget): void {
  describe('cacheFields', () => {
    it('repeats cacheFields on the 304 it answers before the handler, content fields left out', async () => {
      const runs = target.handlerRuns();
      const res = await target.cached({ 'If-None-Match': target.etag() });
      expect(res.status).toBe(304);
      expect(res.headers.get('cache-control')).toBe('private, max-age=0');
      expect(res.headers.get('vary')).toBe(target.vary ?? 'Accept');
      expect(res.headers.get('etag')).toBe(target.etag());
      expect(res.headers.get('content-type')).toBeNull();
      expect(target.handlerRuns()).toBe(runs);
    });

    it('sets cacheFields on the 200 as defaults the handler may override', async () => {
      const res = await target.cached();
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, max-age=0');
      expect(res.headers.get('vary')).toBe(target.vary ?? 'Accept');
      expect(res.headers.get('content-type')).toBe(
        target.jsonContentType ?? 'application/json; charset=utf-8',
      );
      const overridden = await target.overridden();
      expect(overridden.headers.get('cache-control')).toBe('no-store');
      expect(overridden.headers.get('vary')).toBe(target.vary ?? 'Accept');
    });
  });
}

/** Serves the two routes the cases run against through `target`'s route builder. */
export function serveCacheFields(target: AdapterTarget): CacheFieldsTarget {
  const etag = '"v1"';
  let runs = 0;
  const options: RouteOptions = { loadValidators: () => ({ exists: true, etag }), cacheFields: CACHE_FIELDS };
  const { send } = serveRoutes(target, {
    '/cached': {
      methods: ['GET'],
      options,
      handle: () => {
        runs++;
        return { body: { text: 'hello' } };
      },
    },
    '/cached-overridden': {
      methods: ['GET'],
      options,
      handle: () => ({ headers: [['cache-control', 'no-store']], body: { text: 'hello' } }),
    },
  });
  return {
    cached: (headers = {}) => send('/cached', { headers }),
    overridden: () => send('/cached-overridden'),
    etag: () => etag,
    handlerRuns: () => runs,
    ...(target.jsonContentType !== undefined && { jsonContentType: target.jsonContentType }),
    ...(target.vary !== undefined && { vary: target.vary }),
  };
}
