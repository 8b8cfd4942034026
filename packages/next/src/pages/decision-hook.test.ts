import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  DECIDED_BODY,
  DECISION_ROUTES,
  DEFERRED_CURRENT,
  deferredWrite,
  describeDecisionHook,
  recordDecisions,
  THROWING_HOOK,
} from '@precond/adapter-suite';
import type { NextApiHandler } from 'next';
// The function Next.js runs every Pages API route through, as in with-preconditions-api.test.ts.
import { apiResolver } from 'next/dist/server/api-utils/node/api-resolver.js';
import { afterAll, beforeAll } from 'vitest';
import { withPreconditionsApi } from './index.js';

const recorder = recordDecisions();
const { onDecision } = recorder;
const loadValidators = () => DEFERRED_CURRENT;

/** A Pages API route answers every method: the `decided` route reads its options from the method. */
const decidedGet = withPreconditionsApi((_req, res) => res.json(DECIDED_BODY), {
  loadValidators,
  onDecision,
});
const decidedPatch = withPreconditionsApi((_req, res, precond) => res.json(deferredWrite(precond)), {
  loadValidators,
  deferIfMatch: true,
  requirePreconditions: true,
  onDecision,
});
const routes: Record<string, NextApiHandler> = {
  [DECISION_ROUTES.decided]: (req, res) => (req.method === 'PATCH' ? decidedPatch : decidedGet)(req, res),
  [DECISION_ROUTES.afterTheFact]: withPreconditionsApi((_req, res) => res.json(DECIDED_BODY), { onDecision }),
  [DECISION_ROUTES.throwing]: withPreconditionsApi((_req, res) => res.json(DECIDED_BODY), {
    loadValidators,
    onDecision: THROWING_HOOK,
  }),
};

let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  const previewProps = { previewModeId: '', previewModeEncryptionKey: '', previewModeSigningKey: '' };
  const server = createServer((req, res) => {
    const handler = routes[new URL(req.url ?? '/', 'http://localhost').pathname];
    void apiResolver(req, res, {}, handler && { default: handler }, { ...previewProps, dev: false }, false);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

describeDecisionHook({
  recorder,
  request: (route, method, headers) => fetch(`${base}${DECISION_ROUTES[route]}`, { method, headers }),
});
