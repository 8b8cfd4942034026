import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import { describeQuery, describeRepeatedLines, ITEM, SEARCH_RESULTS } from '@precond/adapter-suite';
import Koa from 'koa';
import { afterAll, beforeAll } from 'vitest';
import type { PreconditionState } from './index.js';
import { preconditions } from './index.js';

let runs = 0;
let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const app = new Koa();
  const router = new Router<PreconditionState>();
  // @koa/router routes every method in Node's http.METHODS, QUERY included (Node.js 20.x).
  router.register(
    '/item',
    ['GET', 'QUERY', 'PATCH'],
    [
      preconditions({ validators: () => ITEM }),
      (ctx) => {
        runs++;
        ctx.body = { ran: true };
      },
    ],
  );
  router.register(
    '/search',
    ['QUERY'],
    [
      preconditions(),
      (ctx) => {
        ctx.body = SEARCH_RESULTS;
      },
    ],
  );
  app.use(router.routes());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

const target = { baseUrl: () => base, handlerRuns: () => runs };
describeQuery(target);
describeRepeatedLines(target);
