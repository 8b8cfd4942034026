import type { NextApiHandler, NextApiRequest, NextApiResponse } from 'next';
import type { NextRequest } from 'next/server.js';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  Decision,
  DecisionHook,
  PreconditionOptions,
  PreconditionResult,
  RoutePreconditionOptions,
  Validators,
} from './index.js';
import { json, withPreconditions } from './index.js';
import type { ApiRoutePreconditionOptions } from './pages/index.js';
import { withPreconditionsApi } from './pages/index.js';

/** The shape `next build` checks each route handler export against (its generated `RouteHandlerConfig`). */
type NextRouteHandler<Params> = (
  request: NextRequest,
  context: { params: Promise<Params> },
) => Promise<Response | undefined> | Response | undefined;

declare const db: {
  validators(id: string): Promise<Validators | undefined>;
  get(id: string): Promise<{ id: string; text: string }>;
};

describe('withPreconditions', () => {
  it('types params as the handler declares them, and gives the same context to the loader', () => {
    const GET = withPreconditions(
      async (_request, { params }: { params: Promise<{ id: string }> }) => {
        expectTypeOf(params).toEqualTypeOf<Promise<{ id: string }>>();
        return json(await db.get((await params).id));
      },
      {
        loadValidators: async (_request, { params }) => {
          expectTypeOf(params).toEqualTypeOf<Promise<{ id: string }>>();
          return db.validators((await params).id);
        },
      },
    );
    expectTypeOf(GET).parameter(1).toEqualTypeOf<{ params: Promise<{ id: string }> }>();
    expectTypeOf(GET).returns.toEqualTypeOf<Promise<Response>>();
    expectTypeOf(GET).toExtend<NextRouteHandler<{ id: string }>>();
  });

  it('is an export Next accepts with no context, and with NextRequest', () => {
    const GET = withPreconditions(async () => json({ ok: true }));
    expectTypeOf(GET).toExtend<NextRouteHandler<Record<string, never>>>();
    const POST = withPreconditions(async (request: NextRequest) =>
      json({ q: request.nextUrl.searchParams.get('q') }),
    );
    expectTypeOf(POST).parameter(0).toEqualTypeOf<NextRequest>();
    expectTypeOf(POST).toExtend<NextRouteHandler<Record<string, never>>>();
  });

  it('hands the handler the precondition result as its third argument', () => {
    withPreconditions(async (_request, _context: unknown, precond) => {
      expectTypeOf(precond).toEqualTypeOf<PreconditionResult>();
      expectTypeOf(precond.validators).toEqualTypeOf<Validators | undefined>();
      expectTypeOf(precond.ignoreRange).toEqualTypeOf<boolean>();
      return new Response(null, { status: 204 });
    });
  });

  it('takes core options and nothing else', () => {
    expectTypeOf<RoutePreconditionOptions>().toExtend<PreconditionOptions>();
    withPreconditions(() => json(null), {
      requirePreconditions: ['PATCH'],
      etagGeneration: 'weak',
      formatProblem: (problem, context) => ({ ...problem, method: context.method }),
      cacheFields: { 'cache-control': 'private, no-cache', vary: 'Accept' },
      onDecision: (decision, { request }) => {
        expectTypeOf(decision).toEqualTypeOf<Decision>();
        expectTypeOf(request.path).toEqualTypeOf<string>();
      },
    });
    expectTypeOf<RoutePreconditionOptions['onDecision']>().toEqualTypeOf<DecisionHook | undefined>();
    // @ts-expect-error not an option value
    withPreconditions(() => json(null), { etagGeneration: 'medium' });
    // @ts-expect-error the hook is told a Decision, not a status
    withPreconditions(() => json(null), { onDecision: (status: number) => status });
    // @ts-expect-error one value a field
    withPreconditions(() => json(null), { cacheFields: { vary: ['Accept', 'Origin'] } });
    // @ts-expect-error validators are a loader, not a value
    withPreconditions(() => json(null), { loadValidators: { exists: true } });
    // @ts-expect-error a loader returns validators
    withPreconditions(() => json(null), { loadValidators: () => '"v1"' });
  });

  it('requires the handler to return a Response', () => {
    // @ts-expect-error a route handler returns a Response
    withPreconditions(() => ({ ok: true }));
  });
});

describe('withPreconditionsApi', () => {
  it('is a default export Next accepts, with res typed by the data it sends', () => {
    const handler = withPreconditionsApi(
      (req, res: NextApiResponse<{ id: string }>, precond) => {
        expectTypeOf(req).toEqualTypeOf<NextApiRequest>();
        expectTypeOf(precond).toEqualTypeOf<PreconditionResult>();
        res.json({ id: String(req.query.id) });
        // @ts-expect-error the route sends { id: string }
        res.json({ id: 1 });
      },
      { loadValidators: (req) => db.validators(String(req.query.id)), requirePreconditions: true },
    );
    expectTypeOf(handler).toExtend<NextApiHandler<{ id: string }>>();
    expectTypeOf(handler).returns.toEqualTypeOf<Promise<void>>();
  });

  it('takes core options and nothing else', () => {
    expectTypeOf<ApiRoutePreconditionOptions>().toExtend<PreconditionOptions>();
    // @ts-expect-error not an option value
    withPreconditionsApi(() => undefined, { etagGeneration: 'medium' });
    withPreconditionsApi(() => undefined, { onDecision: async ({ outcome }) => void outcome });
    expectTypeOf<ApiRoutePreconditionOptions['onDecision']>().toEqualTypeOf<DecisionHook | undefined>();
    expectTypeOf<Parameters<NonNullable<ApiRoutePreconditionOptions['loadValidators']>>>().toEqualTypeOf<
      [NextApiRequest]
    >();
  });
});
