import {
  DECIDED_BODY,
  DECISION_ROUTES,
  DEFERRED_CURRENT,
  deferredWrite,
  describeDecisionHook,
  recordDecisions,
  THROWING_HOOK,
} from '@precond/adapter-suite';
import type { RouteHandler } from './index.js';
import { json, withPreconditions } from './index.js';

// Route modules as a Next.js app exports them, called the way Next calls them.
type NoParams = { params: Promise<object> };

const recorder = recordDecisions();
const { onDecision } = recorder;
const loadValidators = () => DEFERRED_CURRENT;

const routes: Record<
  keyof typeof DECISION_ROUTES,
  Partial<Record<'GET' | 'PATCH', RouteHandler<Request, NoParams>>>
> = {
  decided: {
    GET: withPreconditions((_request, _context: NoParams) => json(DECIDED_BODY), {
      loadValidators,
      onDecision,
    }),
    PATCH: withPreconditions((_request, _context: NoParams, precond) => json(deferredWrite(precond)), {
      loadValidators,
      deferIfMatch: true,
      requirePreconditions: true,
      onDecision,
    }),
  },
  afterTheFact: {
    GET: withPreconditions((_request, _context: NoParams) => json(DECIDED_BODY), { onDecision }),
  },
  throwing: {
    GET: withPreconditions((_request, _context: NoParams) => json(DECIDED_BODY), {
      loadValidators,
      onDecision: THROWING_HOOK,
    }),
  },
};

describeDecisionHook({
  recorder,
  request: (route, method, headers) => {
    const handler = routes[route][method];
    if (!handler) throw new Error(`no ${method} ${route}`);
    const request = new Request(`http://localhost${DECISION_ROUTES[route]}`, { method, headers });
    return handler(request, { params: Promise.resolve({}) });
  },
});
