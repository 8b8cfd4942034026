import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreconditionState } from './index.js';
import { preconditions } from './index.js';

// What only Koa has: the loader gets the route's `ctx`, typed by @koa/router through the middleware
// chain. Everything every adapter does is in ./adapter-suite.test.ts.

const handlerCalls: string[] = [];
let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const app = new Koa();
  const router = new Router<PreconditionState>();
  router.patch(
    '/items/:id',
    preconditions({
      loadValidators: (ctx) => (ctx.params.id === 'doc' ? { exists: true, etag: '"v1"' } : undefined),
      requirePreconditions: true,
    }),
    (ctx) => {
      handlerCalls.push(`missing ${ctx.params.id}`);
      ctx.status = 404;
    },
  );
  app.use(router.routes());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

describe('validators(ctx)', () => {
  it("loads by the route's ctx.params: 404 from the handler for a missing item, 428 for a present one", async () => {
    const missing = await fetch(`${base}/items/missing`, { method: 'PATCH' });
    expect(missing.status).toBe(404);
    expect(handlerCalls).toEqual(['missing missing']);
    expect((await fetch(`${base}/items/doc`, { method: 'PATCH' })).status).toBe(428);
    expect(handlerCalls).toEqual(['missing missing']);
  });
});

describe("ctx.fresh, Koa's own check", () => {
  let url = '';
  let stop: () => Promise<void>;
  beforeAll(async () => {
    const app = new Koa();
    // Where koa-conditional-get sits outside precond: it reads ctx.fresh once precond is done.
    app.use(async (ctx, next) => {
      await next();
      if (ctx.status === 200 && ctx.fresh) {
        ctx.status = 304;
        ctx.body = null;
      }
    });
    app.use(preconditions());
    app.use((ctx) => {
      ctx.set('Last-Modified', 'Thu, 01 Jan 2026 00:00:00 GMT');
      ctx.body = 'dated';
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    stop = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(() => stop());

  it.each([
    ['an ISO 8601 timestamp, which is no HTTP-date', '2099-01-01T00:00:00Z'],
    ['a date later than now', 'Tue, 02 Jan 2099 00:00:00 GMT'],
  ])('never sees an If-Modified-Since that core ignores: %s', async (_, date) => {
    // Through node:http, which sends no field of its own (ctx.fresh is false to a `Cache-Control: no-cache`).
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request(url, { headers: { 'If-Modified-Since': date } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(200);
  });

  it('still sees one core reads', async () => {
    const res = await fetch(url, { headers: { 'If-Modified-Since': 'Fri, 02 Jan 2026 00:00:00 GMT' } });
    expect(res.status).toBe(304);
  });
});
