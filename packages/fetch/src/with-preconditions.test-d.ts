import { describe, expectTypeOf, it } from 'vitest';
import type { FetchHandler, FetchPreconditionOptions, PreconditionResult, Validators } from './index.js';
import { json, withPreconditions } from './index.js';

interface Env {
  readonly store: { validators(key: string): Promise<Validators | undefined> };
}
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

describe('withPreconditions', () => {
  it("keeps the runtime's arguments: a Worker's fetch(request, env, ctx) stays one", () => {
    const fetch = withPreconditions(
      (request, precond, env: Env, ctx: ExecutionContext) => {
        expectTypeOf(request).toEqualTypeOf<Request>();
        expectTypeOf(precond).toEqualTypeOf<PreconditionResult>();
        ctx.waitUntil(Promise.resolve());
        return json({ url: request.url, store: typeof env.store });
      },
      {
        loadValidators: (request, env, ctx) => {
          expectTypeOf(ctx).toEqualTypeOf<ExecutionContext>();
          return env.store.validators(new URL(request.url).pathname);
        },
      },
    );
    expectTypeOf(fetch).toEqualTypeOf<FetchHandler<Request, [Env, ExecutionContext]>>();
    expectTypeOf(fetch).parameters.toEqualTypeOf<[Request, Env, ExecutionContext]>();
  });

  it('wraps a handler of the request alone into (request) => Promise<Response>, as Deno.serve takes it', () => {
    const fetch = withPreconditions((request) => new Response(request.method));
    expectTypeOf(fetch).toEqualTypeOf<(request: Request) => Promise<Response>>();
  });

  it('takes only the shared options plus loadValidators', () => {
    expectTypeOf<FetchPreconditionOptions>().toHaveProperty('requirePreconditions');
    expectTypeOf<FetchPreconditionOptions>().not.toHaveProperty('compress');
    // @ts-expect-error -- an option no precond adapter has
    withPreconditions(() => new Response(), { requirePreconditons: true });
  });
});
