import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import {
  DECIDED_BODY,
  DECISION_ROUTES,
  DEFERRED_CURRENT,
  deferredWrite,
  describeDecisionHook,
  recordDecisions,
  THROWING_HOOK,
} from '@precond/adapter-suite';
import Koa from 'koa';
import { afterAll, beforeAll } from 'vitest';
import type { PreconditionState } from './index.js';
import { preconditions } from './index.js';

const recorder = recordDecisions();
let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const app = new Koa();
  const router = new Router<PreconditionState>();
  const { onDecision } = recorder;
  const loadValidators = () => DEFERRED_CURRENT;
  router.get(DECISION_ROUTES.decided, preconditions({ loadValidators, onDecision }), (ctx) => {
    ctx.body = DECIDED_BODY;
  });
  router.patch(
    DECISION_ROUTES.decided,
    preconditions({ loadValidators, deferIfMatch: true, requirePreconditions: true, onDecision }),
    (ctx) => {
      ctx.body = deferredWrite(ctx.state.precond);
    },
  );
  router.get(DECISION_ROUTES.afterTheFact, preconditions({ onDecision }), (ctx) => {
    ctx.body = DECIDED_BODY;
  });
  router.get(
    DECISION_ROUTES.throwing,
    preconditions({ loadValidators, onDecision: THROWING_HOOK }),
    (ctx) => {
      ctx.body = DECIDED_BODY;
    },
  );
  app.use(router.routes());
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

describeDecisionHook({
  recorder,
  request: (route, method, headers) => fetch(`${base}${DECISION_ROUTES[route]}`, { method, headers }),
});
