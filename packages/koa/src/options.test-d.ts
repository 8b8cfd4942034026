import type { Context } from 'koa';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  Decision,
  DecisionContext,
  DecisionHook,
  KoaPreconditionOptions,
  PreconditionOptions,
} from './index.js';
import { preconditions } from './index.js';

describe('KoaPreconditionOptions', () => {
  it("extends core's options, onDecision included", () => {
    expectTypeOf<KoaPreconditionOptions>().toExtend<PreconditionOptions>();
    expectTypeOf<KoaPreconditionOptions['onDecision']>().toEqualTypeOf<DecisionHook | undefined>();
  });

  it('takes a synchronous or an async decision hook', () => {
    preconditions({
      onDecision: (decision, context) => {
        expectTypeOf(decision).toEqualTypeOf<Decision>();
        expectTypeOf(context).toEqualTypeOf<DecisionContext>();
      },
    });
    preconditions<Context>({ loadValidators: () => undefined, onDecision: async () => {} });
    // @ts-expect-error the hook is told a Decision, not a Koa context
    preconditions({ onDecision: (ctx: Context) => ctx.status });
    // @ts-expect-error a hook is a function
    preconditions({ onDecision: true });
  });
});
