import type { PluginSpecificConfiguration, PluginsStates, Request, ServerRoute } from '@hapi/hapi';
import Hapi from '@hapi/hapi';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  Decision,
  DecisionHook,
  PreconditionOptions,
  PreconditionResult,
  RoutePreconditionOptions,
  ValidatorsLoader,
} from './index.js';
import { precond } from './index.js';

describe('route options', () => {
  it('types options.plugins.precond as the route options or false', () => {
    expectTypeOf<PluginSpecificConfiguration['precond']>().toEqualTypeOf<
      RoutePreconditionOptions | false | undefined
    >();
    expectTypeOf<RoutePreconditionOptions>().toExtend<PreconditionOptions>();
  });

  it('accepts every documented value on a route', () => {
    const route: ServerRoute = {
      method: 'PATCH',
      path: '/notes/{id}',
      handler: () => null,
      options: {
        plugins: {
          precond: {
            loadValidators: async (request) => ({ exists: true, etag: `"${String(request.params.id)}"` }),
            requirePreconditions: ['PATCH'],
            etagGeneration: 'weak',
            formatProblem: (problem, context) => ({ ...problem, method: context.method }),
            cacheFields: { 'cache-control': 'private, no-cache', vary: 'Accept' },
            onDecision: (decision) => expectTypeOf(decision).toEqualTypeOf<Decision>(),
          },
        },
      },
    };
    expectTypeOf(route).toExtend<ServerRoute>();
    expectTypeOf<RoutePreconditionOptions['onDecision']>().toEqualTypeOf<DecisionHook | undefined>();
    expectTypeOf<{ onDecision: (d: string) => void }>().not.toExtend<RoutePreconditionOptions>();
    expectTypeOf<{ plugins: { precond: false } }>().toExtend<ServerRoute['options']>();
  });

  it('rejects values outside them', () => {
    expectTypeOf<{ precond: { etagGeneration: 'medium' } }>().not.toExtend<PluginSpecificConfiguration>();
    expectTypeOf<{ precond: true }>().not.toExtend<PluginSpecificConfiguration>();
    expectTypeOf<{ precond: { loadValidators: () => string } }>().not.toExtend<PluginSpecificConfiguration>();
  });

  it('gives the loader the hapi request', () => {
    expectTypeOf<Parameters<ValidatorsLoader>[0]>().toEqualTypeOf<Request>();
    expectTypeOf({ loadValidators: undefined }).toExtend<RoutePreconditionOptions>();
  });
});

describe('request.plugins.precond', () => {
  it('is the proceed result', () => {
    expectTypeOf<PluginsStates['precond']>().toEqualTypeOf<PreconditionResult | undefined>();
    expectTypeOf<PreconditionResult['ignoreRange']>().toEqualTypeOf<boolean>();
  });
});

describe('plugin registration', () => {
  it("takes core's options and nothing else", async () => {
    const server = Hapi.server();
    await server.register({
      plugin: precond,
      options: { etagGeneration: false, requirePreconditions: true },
    });
    // @ts-expect-error not an option value
    await server.register({ plugin: precond, options: { etagGeneration: 'medium' } });
    expectTypeOf(precond.register).parameter(1).toEqualTypeOf<PreconditionOptions>();
  });
});
