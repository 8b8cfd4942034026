/**
 * `deferIfMatch`: a write whose only precondition is If-Match is decided by the handler's
 * compare-and-set (here an in-memory one, {@link deferredWrite}), without loading validators.
 *
 * @module
 */

import type { PreconditionResult, Validators } from '@precond/core';
import { PreconditionFailedError, satisfiesWriteCondition } from '@precond/core';
import { describe, expect, it } from 'vitest';
import type { AdapterTarget } from './adapter-target.js';
import { serveRoutes } from './adapter-target.js';

/** The resource's current version, as the route's loader returns it and its write compares. */
export const DEFERRED_CURRENT: Validators = Object.freeze({
  exists: true,
  etag: '"v1"',
  lastModified: new Date('2026-01-02T03:04:05Z'),
});

/**
 * The handler's part: an in-memory compare-and-set against {@link DEFERRED_CURRENT}. Returns the
 * JSON body to answer 200 with; throws `PreconditionFailedError` (the adapter's 412) otherwise.
 */
export function deferredWrite(precond: PreconditionResult | undefined): object {
  const condition = precond?.writeCondition;
  if (!condition || !satisfiesWriteCondition(condition, DEFERRED_CURRENT)) {
    throw new PreconditionFailedError({
      etag: DEFERRED_CURRENT.etag,
      lastModified: DEFERRED_CURRENT.lastModified,
    });
  }
  return { condition, validators: precond?.validators ?? null };
}

/** A PATCH route with `{ loadValidators, deferIfMatch: true, requirePreconditions: true }`. */
export interface DeferIfMatchTarget {
  /** Sends a PATCH with these headers to the route, whose handler answers with {@link deferredWrite}. */
  patch(headers: Record<string, string>): Promise<Response>;
  /** How many times the route's validators loader has run so far. */
  loads(): number;
}

/** Registers the `deferIfMatch` cases against `target`. */
export function describeDeferIfMatch(target: DeferIfMatchTarget): void {
  const loadsDuring = async (work: () => Promise<void>): Promise<number> => {
    const before = target.loads();
    await work();
    return target.loads() - before;
  };

  describe('deferIfMatch', () => {
    it('hands an If-Match-only write its tags without loading the validators', async () => {
      const loads = await loadsDuring(async () => {
        const res = await target.patch({ 'If-Match': '"v0", "v1"' });
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({
          condition: { kind: 'etags', etags: ['"v0"', '"v1"'] },
          validators: null,
        });
      });
      expect(loads).toBe(0);
    });

    it('answers the 412 the compare-and-set throws, with the current tag', async () => {
      const loads = await loadsDuring(async () => {
        const res = await target.patch({ 'If-Match': '"v0"' });
        expect(res.status).toBe(412);
        expect(res.headers.get('etag')).toBe(DEFERRED_CURRENT.etag);
        expect(await res.json()).toMatchObject({ status: 412, etag: DEFERRED_CURRENT.etag });
      });
      expect(loads).toBe(0);
    });

    it('loads the validators for any other precondition, and for none (428)', async () => {
      const loads = await loadsDuring(async () => {
        expect((await target.patch({ 'If-Match': '"v1"', 'If-None-Match': '"v1"' })).status).toBe(412);
        expect((await target.patch({})).status).toBe(428);
        const res = await target.patch({ 'If-Match': '"v1"', 'If-None-Match': '"v9"' });
        expect(res.status).toBe(200);
        expect((await res.json()).validators).toMatchObject({ exists: true, etag: '"v1"' });
      });
      expect(loads).toBe(3);
    });
  });
}

/** Serves the PATCH route the cases run against through `target`'s route builder. */
export function serveDeferIfMatch(target: AdapterTarget): DeferIfMatchTarget {
  let loads = 0;
  const loadValidators = () => {
    loads++;
    return DEFERRED_CURRENT;
  };
  const { send } = serveRoutes(target, {
    '/doc': {
      methods: ['PATCH'],
      options: { loadValidators, deferIfMatch: true, requirePreconditions: true },
      handle: (precond) => ({ body: deferredWrite(precond) }),
    },
  });
  return { patch: (headers) => send('/doc', { method: 'PATCH', headers }), loads: () => loads };
}
