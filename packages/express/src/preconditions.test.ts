import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { generateEntityTag } from '@precond/core/etag';
import type { NextFunction, Request, Response } from 'express';
import express from 'express';
// @ts-expect-error Express 4, installed under another name, has no types of its own here: it is
// typed as Express 5, whose API precond uses is the same.
import express4Untyped from 'express4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Decision } from './index.js';
import { preconditionErrors, preconditions } from './index.js';

// What only Express has: the loader gets the route's `req`, errors go to `next(err)`, and Express's
// own `etag` setting and `req.fresh` (on by default) give way to precond on the routes it handles.
// Everything every adapter does is in ./adapter-suite.test.ts. All of it on Express 5 and 4.

const express4 = express4Untyped as typeof express;

for (const [name, createApp] of [
  ['Express 5', express],
  ['Express 4', express4],
] as const) {
  describe(name, () => {
    const handlerCalls: string[] = [];
    const decisions: Decision[] = [];
    const freshSeen: boolean[] = [];
    let base = '';
    let close: () => Promise<void>;

    beforeAll(async () => {
      const app = createApp();
      app.patch(
        '/items/:id',
        preconditions({
          loadValidators: (req) => (req.params.id === 'doc' ? { exists: true, etag: '"v1"' } : undefined),
          requirePreconditions: true,
        }),
        (req, res) => {
          handlerCalls.push(`missing ${req.params.id}`);
          res.status(404).end();
        },
      );
      app.get('/tagged', preconditions(), (req, res) => {
        res.set('Last-Modified', 'Sun, 06 Dec 2026 10:00:00 GMT');
        freshSeen.push(req.fresh);
        res.send('tagged');
      });
      app.get('/streamed', preconditions(), (_req, res) => {
        res.set('ETag', '"s1"').type('text/plain');
        Readable.from(['str', 'eamed']).pipe(res);
      });
      app.get('/express', (_req, res) => {
        res.send('tagged');
      });
      app.get('/untagged', preconditions({ etagGeneration: false }), (_req, res) => {
        res.send('tagged');
      });
      app.get(
        '/dated-only',
        preconditions({
          loadValidators: () => ({ exists: true, lastModified: new Date('2026-12-01T00:00:00Z') }),
        }),
        (_req, res) => {
          res.send('tagged');
        },
      );
      app.get(
        '/broken',
        preconditions({
          loadValidators: () => {
            throw new Error('the store is down');
          },
        }),
        (_req, res) => {
          res.send('never');
        },
      );
      app.get(
        '/broken-later',
        preconditions({ loadValidators: () => Promise.reject(new Error('the store went away')) }),
        (_req, res) => {
          res.send('never');
        },
      );
      app.patch(
        '/failing',
        preconditions({
          loadValidators: () => ({ exists: true, etag: '"v1"' }),
          deferIfMatch: true,
          onDecision: (decision) => void decisions.push(decision),
        }),
        () => {
          throw new Error('the write failed');
        },
      );
      app.use(preconditionErrors());
      app.use((error: Error, _req: Request, res: Response, _next: NextFunction) => {
        res.status(503).send(error.message);
      });
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = () => new Promise((resolve) => server.close(() => resolve()));
    });
    afterAll(() => close());

    /** The status of a GET sent with node:http: fetch adds `Cache-Control: no-cache` to a conditional request, which turns `req.fresh` off. */
    function statusOf(path: string, headers: Record<string, string>): Promise<number | undefined> {
      return new Promise((resolve, reject) => {
        request(`${base}${path}`, { headers }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        })
          .on('error', reject)
          .end();
      });
    }

    describe('loadValidators(req)', () => {
      it("loads by the route's req.params: 404 from the handler for a missing item, 428 for a present one", async () => {
        const missing = await fetch(`${base}/items/missing`, { method: 'PATCH' });
        expect(missing.status).toBe(404);
        expect(handlerCalls).toEqual(['missing missing']);
        expect((await fetch(`${base}/items/doc`, { method: 'PATCH' })).status).toBe(428);
        expect(handlerCalls).toEqual(['missing missing']);
      });

      it('passes an error the loader throws to next(err), past preconditionErrors()', async () => {
        const res = await fetch(`${base}/broken`);
        expect(res.status).toBe(503);
        expect(await res.text()).toBe('the store is down');
      });

      it('passes a promise the loader rejects to next(err) too (Express 4 would not catch it)', async () => {
        const res = await fetch(`${base}/broken-later`);
        expect(res.status).toBe(503);
        expect(await res.text()).toBe('the store went away');
      });
    });

    describe("Express's etag setting and req.fresh", () => {
      const strong = generateEntityTag(Buffer.from('tagged'));

      it("replaces Express's weak ETag with precond's strong one on the routes it handles", async () => {
        expect((await fetch(`${base}/express`)).headers.get('etag')).toMatch(/^W\//);
        const res = await fetch(`${base}/tagged`);
        expect(res.headers.get('etag')).toBe(strong);
        expect(await res.text()).toBe('tagged');
      });

      it('sends neither a weak ETag of Express nor a stand-in when precond tags nothing', async () => {
        for (const path of ['/untagged', '/dated-only']) {
          const res = await fetch(`${base}${path}`);
          expect(res.status).toBe(200);
          expect(res.headers.get('etag')).toBeNull();
          expect(await res.text()).toBe('tagged');
        }
      });

      it('answers 412, not the 304 of req.fresh, when If-Match fails and If-None-Match matches', async () => {
        const headers = { 'If-Match': '"other"', 'If-None-Match': strong };
        expect(await statusOf('/tagged', headers)).toBe(412);
        const weak = (await fetch(`${base}/express`)).headers.get('etag') ?? '';
        expect(await statusOf('/express', { ...headers, 'If-None-Match': weak })).toBe(304);
      });

      it('shows the handler req.fresh as false: precond decides the 304', async () => {
        freshSeen.length = 0;
        const since = { 'If-Modified-Since': 'Sun, 06 Dec 2026 11:00:00 GMT' };
        expect(await statusOf('/tagged', { 'If-None-Match': strong })).toBe(304);
        expect(await statusOf('/tagged', since)).toBe(304);
        expect(freshSeen).toEqual([false, false]);
      });
    });

    describe('preconditionErrors()', () => {
      it('passes any other error on, and a deferred write that failed is not reported as written', async () => {
        const res = await fetch(`${base}/failing`, { method: 'PATCH', headers: { 'If-Match': '"v1"' } });
        expect(res.status).toBe(503);
        expect(await res.text()).toBe('the write failed');
        expect(decisions).toEqual([]);
      });
    });

    describe('a streamed body', () => {
      it('is answered 304 from the ETag the handler set, the rest of the stream dropped', async () => {
        const res = await fetch(`${base}/streamed`, { headers: { 'If-None-Match': '"s1"' } });
        expect(res.status).toBe(304);
        expect(res.headers.get('etag')).toBe('"s1"');
        expect(await res.text()).toBe('');
        const whole = await fetch(`${base}/streamed`);
        expect(whole.status).toBe(200);
        expect(await whole.text()).toBe('streamed');
      });
    });
  });
}
