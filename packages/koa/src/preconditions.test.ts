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
