import type { Request } from 'express';
import express from 'express';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  Decision,
  DecisionContext,
  DecisionHook,
  ExpressPreconditionOptions,
  PreconditionOptions,
  PreconditionResult,
} from './index.js';
import { preconditions } from './index.js';

describe('ExpressPreconditionOptions', () => {
  it("extends core's options, onDecision included", () => {
    expectTypeOf<ExpressPreconditionOptions>().toExtend<PreconditionOptions>();
    expectTypeOf<ExpressPreconditionOptions['onDecision']>().toEqualTypeOf<DecisionHook | undefined>();
  });

  it('takes a synchronous or an async decision hook', () => {
    preconditions({
      onDecision: (decision, context) => {
        expectTypeOf(decision).toEqualTypeOf<Decision>();
        expectTypeOf(context).toEqualTypeOf<DecisionContext>();
      },
    });
    preconditions<Request>({ loadValidators: () => undefined, onDecision: async () => {} });
    // @ts-expect-error the hook is told a Decision, not an Express request
    preconditions({ onDecision: (req: Request) => req.method });
    // @ts-expect-error a hook is a function
    preconditions({ onDecision: true });
  });

  it('fits a route, and puts the result on res.locals.precond', () => {
    const app = express();
    app.patch(
      '/articles/:id',
      preconditions({ loadValidators: () => ({ exists: true, etag: '"v1"' }) }),
      (_req, res) => {
        expectTypeOf(res.locals.precond).toEqualTypeOf<PreconditionResult | undefined>();
      },
    );
    app.use(preconditions());
  });
});
