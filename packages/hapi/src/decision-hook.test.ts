import Hapi, { type Server } from '@hapi/hapi';
import {
  DECIDED_BODY,
  DECISION_ROUTES,
  DEFERRED_CURRENT,
  deferredWrite,
  describeDecisionHook,
  recordDecisions,
  THROWING_HOOK,
} from '@precond/adapter-suite';
import { afterAll, beforeAll } from 'vitest';
import { precond } from './index.js';

const recorder = recordDecisions();
let server: Server;

beforeAll(async () => {
  server = Hapi.server({ host: '127.0.0.1', port: 0 });
  // The hook is a plugin option; the throwing route overrides it, as any route option may.
  await server.register({ plugin: precond, options: { onDecision: recorder.onDecision } });
  const loadValidators = () => DEFERRED_CURRENT;
  server.route({
    method: 'GET',
    path: DECISION_ROUTES.decided,
    options: { plugins: { precond: { loadValidators } } },
    handler: () => DECIDED_BODY,
  });
  server.route({
    method: 'PATCH',
    path: DECISION_ROUTES.decided,
    options: { plugins: { precond: { loadValidators, deferIfMatch: true, requirePreconditions: true } } },
    handler: (request) => deferredWrite(request.plugins.precond),
  });
  server.route({ method: 'GET', path: DECISION_ROUTES.afterTheFact, handler: () => DECIDED_BODY });
  server.route({
    method: 'GET',
    path: DECISION_ROUTES.throwing,
    options: { plugins: { precond: { loadValidators, onDecision: THROWING_HOOK } } },
    handler: () => DECIDED_BODY,
  });
  await server.start();
});
afterAll(() => server.stop());

describeDecisionHook({
  recorder,
  request: (route, method, headers) =>
    fetch(`${server.info.uri}${DECISION_ROUTES[route]}`, { method, headers }),
});
