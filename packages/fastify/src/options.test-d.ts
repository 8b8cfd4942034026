import type { FastifyContextConfig, FastifyRequest } from 'fastify';
import Fastify from 'fastify';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  DecisionHook,
  FastifyPreconditionOptions,
  PreconditionOptions,
  PreconditionResult,
  RoutePreconditionOptions,
} from './index.js';
import { precond } from './index.js';

describe('options', () => {
  it("types the plugin's options as core's and a route's config.precond as those plus loadValidators, or false", () => {
    expectTypeOf<FastifyPreconditionOptions>().toEqualTypeOf<PreconditionOptions>();
    expectTypeOf<RoutePreconditionOptions>().toExtend<PreconditionOptions>();
    expectTypeOf<RoutePreconditionOptions['onDecision']>().toEqualTypeOf<DecisionHook | undefined>();
    expectTypeOf<FastifyContextConfig['precond']>().toEqualTypeOf<
      RoutePreconditionOptions | false | undefined
    >();
    expectTypeOf<FastifyRequest['precond']>().toEqualTypeOf<PreconditionResult | undefined>();
  });

  it('accepts every documented value, and rejects what is not an option', async () => {
    const app = Fastify();
    await app.register(precond, {
      requirePreconditions: ['PUT'],
      etagGeneration: 'weak',
      deferIfMatch: true,
    });
    app.get(
      '/a',
      {
        config: {
          precond: { loadValidators: async () => ({ exists: true }), cacheFields: { vary: 'Accept' } },
        },
      },
      () => '',
    );
    app.get('/b', { config: { precond: false } }, () => '');
    // @ts-expect-error etagGeneration is 'strong', 'weak' or false
    await app.register(precond, { etagGeneration: 'md5' });
    // @ts-expect-error a loader returns validators, not a tag
    app.get('/c', { config: { precond: { loadValidators: () => '"v1"' } } }, () => '');
  });
});
