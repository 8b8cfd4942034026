/**
 * `PreconditionFailedError`: a handler that finds the precondition false only when it writes (a
 * compare-and-set that lost the race) throws it, and the adapter answers the same 412 it would
 * have answered before the handler ran.
 *
 * @module
 */

import { PreconditionFailedError } from '@precond/core';
import { describe, expect, it } from 'vitest';
import type { AdapterTarget } from './adapter-target.js';
import { serveRoutes } from './adapter-target.js';

const LAST_MODIFIED = new Date('2026-01-02T03:04:05Z');

/** Registers the `PreconditionFailedError` cases against `target`. */
export function describePreconditionFailedError(target: AdapterTarget): void {
  const { send } = serveRoutes(target, {
    '/race': {
      methods: ['GET', 'POST'],
      handle: () => {
        throw new PreconditionFailedError({
          etag: '"now"',
          lastModified: LAST_MODIFIED,
          message: 'lost the race',
        });
      },
    },
  });

  describe('PreconditionFailedError', () => {
    it('becomes a 412 with the current ETag and Last-Modified', async () => {
      const res = await send('/race', { method: 'POST' });
      expect(res.status).toBe(412);
      expect(res.headers.get('etag')).toBe('"now"');
      expect(res.headers.get('last-modified')).toBe(LAST_MODIFIED.toUTCString());
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toMatchObject({ status: 412, detail: 'lost the race', etag: '"now"' });
    });

    it('keeps a GET 412 a 412 when If-None-Match names its ETag', async () => {
      const res = await send('/race', { headers: { 'If-None-Match': '"now"' } });
      expect(res.status).toBe(412);
    });
  });
}
