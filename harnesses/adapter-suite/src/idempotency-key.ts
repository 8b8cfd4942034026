/**
 * The `idempotencyKey` option: a POST's `Idempotency-Key` handed to the handler, or answered 400
 * (draft-ietf-httpapi-idempotency-key-header §2.7) before the handler runs.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { AdapterTarget, RouteOptions, RouteSpec } from './adapter-target.js';
import { serveRoutes } from './adapter-target.js';

const KEY = '8e03978e-40d5-43e8-bc93-6894a57f9324';

/** Registers the `idempotencyKey` cases against `target`, on routes of their own. */
export function describeIdempotencyKey(target: AdapterTarget): void {
  let handled = 0;
  // Answers 201 with the key it was handed, as a create would record it.
  const create = (options: RouteOptions): RouteSpec => ({
    methods: ['POST', 'PUT'],
    options,
    handle: (precond, method) => {
      handled++;
      return { status: method === 'POST' ? 201 : 200, body: { key: precond?.idempotencyKey ?? null } };
    },
  });
  const { send } = serveRoutes(target, {
    '/required': create({ idempotencyKey: 'required' }),
    '/optional': create({ idempotencyKey: 'optional' }),
    '/validated': create({ idempotencyKey: 'required', loadValidators: () => undefined }),
    '/deferred': create({ idempotencyKey: 'required', loadValidators: () => undefined, deferIfMatch: true }),
  });
  const post = (path: string, headers: Record<string, string> = {}) =>
    send(path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
  const handledDuring = async (work: () => Promise<void>): Promise<number> => {
    const before = handled;
    await work();
    return handled - before;
  };

  describe('idempotencyKey', () => {
    it('hands the handler the key of a POST, with and without a validators loader', async () => {
      for (const path of ['/required', '/optional', '/validated', '/deferred']) {
        const res = await post(path, { 'Idempotency-Key': `"${KEY}"` });
        expect(res.status).toBe(201);
        expect(await res.json()).toEqual({ key: KEY });
      }
    });

    it('reads the key exactly: escapes resolved, parameters ignored', async () => {
      const res = await post('/required', { 'Idempotency-Key': '"a\\"b"; origin=retry' });
      expect(await res.json()).toEqual({ key: 'a"b' });
    });

    it('answers 400 problem+json, without running the handler, to a POST without a required key', async () => {
      const handledCount = await handledDuring(async () => {
        for (const path of ['/required', '/validated']) {
          const res = await post(path);
          expect(res.status).toBe(400);
          expect(res.headers.get('content-type')).toBe('application/problem+json');
          expect(res.headers.get('cache-control')).toBe('no-store');
          expect(await res.json()).toMatchObject({
            type: 'about:blank',
            title: 'Bad Request',
            status: 400,
            detail: expect.stringContaining('Idempotency-Key'),
            instance: path,
          });
        }
      });
      expect(handledCount).toBe(0);
    });

    it('answers 400 to a malformed key, required or optional, and never 500', async () => {
      const handledCount = await handledDuring(async () => {
        for (const value of [KEY, '""', '"a", "b"', `"${'k'.repeat(256)}"`, '"caf\\u"', '"a";B=1']) {
          for (const path of ['/required', '/optional']) {
            const res = await post(path, { 'Idempotency-Key': value });
            expect(res.status, `${path} ${value}`).toBe(400);
            expect((await res.json()).status).toBe(400);
          }
        }
      });
      expect(handledCount).toBe(0);
    });

    it('runs a POST without a key where the key is optional, handing no key', async () => {
      const res = await post('/optional');
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ key: null });
    });

    it('leaves other methods alone', async () => {
      const res = await send('/required', { method: 'PUT', headers: { 'Idempotency-Key': 'not a key' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ key: null });
    });
  });
}
