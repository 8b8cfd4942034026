/**
 * Validator-first: a route that loads its validators before the handler answers 304, 412 and 428
 * itself (RFC 9110 §13.2.2), and hands a request that proceeds to the handler with the result.
 *
 * @module
 */

import type { PreconditionResult } from '@precond/core';
import { PreconditionFailedError } from '@precond/core';
import { describe, expect, it } from 'vitest';
import type { AdapterTarget, Routes } from './adapter-target.js';
import { serveRoutes } from './adapter-target.js';

const LAST_MODIFIED = new Date('2026-01-02T03:04:05Z');

/** Registers the validator-first cases against `target`. */
export function describeValidatorFirst(target: AdapterTarget): void {
  let doc = { text: 'hello', etag: '"v1"' };
  const runs: string[] = [];
  const handedOver: (PreconditionResult | undefined)[] = [];
  const loadValidators = () => ({ exists: true, etag: doc.etag, lastModified: LAST_MODIFIED });

  const routes: Routes = {
    '/doc': {
      methods: ['GET', 'PUT'],
      options: { loadValidators, requirePreconditions: true },
      handle: (precond, method) => {
        runs.push(method);
        if (method === 'GET') {
          handedOver.push(precond);
          return { headers: [['cache-control', 'no-cache']], body: { text: doc.text } };
        }
        if (precond?.validators?.etag !== doc.etag) throw new PreconditionFailedError({ etag: doc.etag });
        doc = { text: 'changed', etag: '"v2"' };
        return { body: { ok: true } };
      },
    },
    '/missing': {
      methods: ['PATCH'],
      options: { loadValidators: () => undefined, requirePreconditions: true },
      handle: () => {
        runs.push('missing');
        return { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404 } };
      },
    },
    '/custom': {
      methods: ['DELETE'],
      options: {
        loadValidators,
        requirePreconditions: true,
        formatProblem: (problem, context) => ({ ...problem, hint: `${context.method} needs If-Match` }),
      },
      handle: () => ({ status: 204 }),
    },
  };
  const { send } = serveRoutes(target, routes);

  describe('validator-first', () => {
    it('answers 304 from the validators without running the handler, keeping the validators', async () => {
      runs.length = 0;
      const res = await send('/doc', { headers: { 'If-None-Match': doc.etag, 'Cache-Control': 'no-cache' } });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(doc.etag);
      expect(res.headers.get('last-modified')).toBe(LAST_MODIFIED.toUTCString());
      expect(res.headers.get('content-type')).toBeNull();
      expect(await res.text()).toBe('');
      expect(runs).toEqual([]);
    });

    it('answers HEAD with the same 304, without a Content-Length the 200 would not carry', async () => {
      runs.length = 0;
      const res = await send('/doc', { method: 'HEAD', headers: { 'If-None-Match': doc.etag } });
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(doc.etag);
      expect(res.headers.get('last-modified')).toBe(LAST_MODIFIED.toUTCString());
      expect(res.headers.get('content-type')).toBeNull();
      // RFC 9110 §8.6: a Content-Length on a 304 or a HEAD response is the 200's, or absent; never 0.
      expect(res.headers.get('content-length')).toBeNull();
      expect(await res.text()).toBe('');
      expect(runs).toEqual([]);
    });

    it('runs the handler with the result when the request proceeds, and sets ETag and Last-Modified', async () => {
      runs.length = 0;
      handedOver.length = 0;
      const res = await send('/doc', { headers: { 'If-None-Match': '"other"' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe(doc.etag);
      expect(res.headers.get('last-modified')).toBe(LAST_MODIFIED.toUTCString());
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-type')).toBe(
        target.jsonContentType ?? 'application/json; charset=utf-8',
      );
      expect(await res.json()).toEqual({ text: doc.text });
      expect(runs).toEqual(['GET']);
      expect(handedOver).toEqual([
        {
          validators: { exists: true, etag: doc.etag, lastModified: LAST_MODIFIED },
          evaluation: expect.objectContaining({ outcome: 'proceed', ignoreRange: false }),
          ignoreRange: false,
          writeCondition: { kind: 'etags', etags: [doc.etag] },
        },
      ]);
    });

    it('428 with a problem body when a required precondition is missing', async () => {
      runs.length = 0;
      const res = await send('/doc', { method: 'PUT' });
      expect(res.status).toBe(428);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = await res.json();
      expect(body).toMatchObject({ status: 428, title: 'Precondition Required', instance: '/doc' });
      expect(body.acceptedConditions).toContain('If-Match');
      expect(runs).toEqual([]);
    });

    it('412 with the current ETag when If-Match is stale, without running the handler', async () => {
      runs.length = 0;
      const res = await send('/doc?draft=1', { method: 'PUT', headers: { 'If-Match': '"stale"' } });
      expect(res.status).toBe(412);
      expect(res.headers.get('etag')).toBe(doc.etag);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toMatchObject({ status: 412, etag: doc.etag, instance: '/doc?draft=1' });
      expect(runs).toEqual([]);
    });

    it('keeps a 412 a 412 when If-None-Match names the ETag it carries', async () => {
      const res = await send('/doc', { headers: { 'If-Match': '"stale"', 'If-None-Match': doc.etag } });
      expect(res.status).toBe(412);
      expect(res.headers.get('etag')).toBe(doc.etag);
    });

    it('hands the evaluated validators to the handler when If-Match holds', async () => {
      const put = () => send('/doc', { method: 'PUT', headers: { 'If-Match': '"v1"' } });
      const res = await put();
      expect(res.status).toBe(200);
      expect(doc.etag).toBe('"v2"');
      const again = await put();
      expect(again.status).toBe(412);
      expect(again.headers.get('etag')).toBe('"v2"');
    });

    it('lets the route answer 404 when the loader finds no resource, even without a precondition', async () => {
      runs.length = 0;
      const res = await send('/missing', { method: 'PATCH' });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ status: 404 });
      expect(runs).toEqual(['missing']);
    });

    it('uses the problem hook for the body but keeps status and content type', async () => {
      const res = await send('/custom', { method: 'DELETE' });
      expect(res.status).toBe(428);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 428, hint: 'DELETE needs If-Match' });
    });
  });
}
