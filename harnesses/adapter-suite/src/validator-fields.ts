/**
 * Validator-first fields on the handler's own answer: the `ETag`, `Last-Modified` and `cacheFields`
 * set before the handler stay on a 2xx (or 304) only. A 404, a redirect or a 500 describes no
 * representation of the resource (RFC 9110 §8.8.3): with its `ETag` and `Cache-Control` a shared
 * cache would store the error, and every revalidation's 304 would keep it fresh (RFC 9111 §4.3.4).
 *
 * @module
 */

import { PreconditionFailedError } from '@precond/core';
import { describe, expect, it } from 'vitest';
import type { AdapterTarget, RouteOptions } from './adapter-target.js';
import { serveRoutes } from './adapter-target.js';

const LAST_MODIFIED = new Date('2026-01-02T03:04:05Z');

/** Registers the cases against `target`. */
export function describeValidatorFields(target: AdapterTarget): void {
  const options: RouteOptions = {
    loadValidators: () => ({ exists: true, etag: '"v1"', lastModified: LAST_MODIFIED }),
    cacheFields: { 'Cache-Control': 'public, max-age=600' },
  };
  const { send } = serveRoutes(target, {
    '/found': { methods: ['GET'], options, handle: () => ({ body: { text: 'hello' } }) },
    '/not-found': {
      methods: ['GET'],
      options,
      handle: () => ({ status: 404, body: { title: 'Not Found' } }),
    },
    '/moved': {
      methods: ['GET'],
      options,
      handle: () => ({ status: 302, headers: [['location', '/found']] }),
    },
    '/failing': {
      methods: ['GET'],
      options,
      handle: () => {
        throw new Error('the database is down');
      },
    },
    '/race-lost': {
      methods: ['GET'],
      options,
      handle: () => {
        throw new PreconditionFailedError({ etag: '"v2"' });
      },
    },
    '/not-found-own': {
      methods: ['GET'],
      options,
      handle: () => ({ status: 404, headers: [['cache-control', 'no-store']], body: { title: 'Not Found' } }),
    },
  });
  const get = (path: string) => send(path, { redirect: 'manual' });

  describe('validator-first fields on the handler’s own answer', () => {
    it('are on the 200 the validators describe', async () => {
      const res = await get('/found');
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"v1"');
      expect(res.headers.get('last-modified')).toBe(LAST_MODIFIED.toUTCString());
      expect(res.headers.get('cache-control')).toBe('public, max-age=600');
    });

    it.each([
      ['a 404 the handler answers', '/not-found', 404],
      ['a redirect the handler answers', '/moved', 302],
      ["the framework's 500 for an error the handler throws", '/failing', 500],
    ])('are withdrawn from %s', async (_, path, status) => {
      const res = await get(path);
      expect(res.status).toBe(status);
      expect(res.headers.get('etag')).toBeNull();
      expect(res.headers.get('last-modified')).toBeNull();
      expect(res.headers.get('cache-control')).not.toBe('public, max-age=600');
      await res.arrayBuffer();
    });

    it("give way to the 412 of a thrown PreconditionFailedError, which carries core's own", async () => {
      const res = await get('/race-lost');
      expect(res.status).toBe(412);
      expect(res.headers.get('etag')).toBe('"v2"');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('last-modified')).toBeNull();
      await res.arrayBuffer();
    });

    it('leave a field the handler set to a value of its own', async () => {
      const res = await get('/not-found-own');
      expect(res.status).toBe(404);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('etag')).toBeNull();
    });
  });
}
