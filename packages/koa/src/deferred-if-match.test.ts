import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import { DEFERRED_CURRENT, deferredWrite, describeDeferIfMatch } from '@precond/adapter-suite';
import Koa from 'koa';
import { afterAll, beforeAll } from 'vitest';
import type { PreconditionState } from './index.js';
import { preconditions } from './index.js';

let loads = 0;
let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const app = new Koa();
  const router = new Router<PreconditionState>();
  const validators = () => {
    loads++;
    return DEFERRED_CURRENT;
  };
  router.patch(
    '/doc',
    preconditions({ validators, deferIfMatch: true, requirePreconditions: true }),
    (ctx) => {
      ctx.body = deferredWrite(ctx.state.precond);
    },
  );
  app.use(router.routes());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

describeDeferIfMatch({
  patch: (headers) => fetch(`${base}/doc`, { method: 'PATCH', headers }),
  loads: () => loads,
});
