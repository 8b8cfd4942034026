import type { Context } from 'hono';
import { Hono } from 'hono';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  HonoPreconditionOptions,
  PreconditionEnv,
  PreconditionResult,
  WriteCondition,
} from './index.js';
import { preconditions } from './index.js';

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
