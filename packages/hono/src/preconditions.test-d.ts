import type { Context } from 'hono';
import { Hono } from 'hono';
import type { ExtractSchema } from 'hono/types';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  HonoPreconditionOptions,
  PreconditionEnv,
  PreconditionResult,
  WriteCondition,
} from './index.js';
import { preconditions, withPreconditions } from './index.js';

describe('preconditions()', () => {
  it('types c.var.precond and c.get("precond") in a Hono<PreconditionEnv>', () => {
    const app = new Hono<PreconditionEnv>();
    app.use(preconditions());
    app.put('/notes/:id', preconditions({ loadValidators: () => undefined }), (c) => {
      expectTypeOf(c.var.precond).toEqualTypeOf<PreconditionResult>();
      expectTypeOf(c.get('precond').writeCondition).toEqualTypeOf<WriteCondition | undefined>();
      return c.body(null, 204);
    });
  });

  it('types the variable on a chained app without declaring the environment', () => {
    new Hono().use(preconditions()).get('/', (c) => {
      expectTypeOf(c.var.precond).toEqualTypeOf<PreconditionResult>();
      return c.text('ok');
    });
  });

  it("hands the loader the route's context", () => {
    const options: HonoPreconditionOptions = {
      loadValidators: (c) => {
        expectTypeOf(c).toMatchTypeOf<Context>();
        return { exists: true, etag: c.req.header('x-etag') };
      },
    };
    expectTypeOf(options.loadValidators).not.toBeUndefined();
  });
});

describe('withPreconditions()', () => {
  it("types c.var.precond, and the route's params once the path is named", () => {
    const app = new Hono();
    app.get(
      '/notes/:id',
      withPreconditions((c) => {
        // A handler written apart from its route does not know the path, as in Hono itself.
        expectTypeOf(c.req.param('id')).toEqualTypeOf<string | undefined>();
        expectTypeOf(c.var.precond).toEqualTypeOf<PreconditionResult>();
        return c.text('note');
      }),
    );
    app.get(
      '/notes/:id',
      withPreconditions<'/notes/:id'>(
        (c) => {
          expectTypeOf(c.req.param('id')).toEqualTypeOf<string>();
          return c.json({ id: c.req.param('id') });
        },
        {
          loadValidators: (c) => {
            expectTypeOf(c.req.param('id')).toEqualTypeOf<string>();
            return { exists: true, etag: `"${c.req.param('id')}"` };
          },
        },
      ),
    );
  });

  it("keeps the handler's typed response for Hono's RPC types", () => {
    const route = new Hono().get(
      '/notes',
      withPreconditions((c) => c.json({ count: 1 })),
    );
    expectTypeOf<ExtractSchema<typeof route>['/notes']['$get']['output']>().toEqualTypeOf<{
      count: number;
    }>();
  });
});
