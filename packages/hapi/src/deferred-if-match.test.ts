import Hapi, { type Server } from '@hapi/hapi';
import { DEFERRED_CURRENT, deferredWrite, describeDeferIfMatch } from '@precond/adapter-suite';
import { afterAll, beforeAll } from 'vitest';
import { precond } from './index.js';

let loads = 0;
let server: Server;

beforeAll(async () => {
  server = Hapi.server({ host: '127.0.0.1', port: 0 });
  await server.register({ plugin: precond });
  const validators = () => {
    loads++;
    return DEFERRED_CURRENT;
  };
  server.route({
    method: 'PATCH',
    path: '/doc',
    options: { plugins: { precond: { validators, deferIfMatch: true, requirePreconditions: true } } },
    handler: (request) => deferredWrite(request.plugins.precond),
  });
  await server.start();
});
afterAll(() => server.stop());

describeDeferIfMatch({
  patch: (headers) => fetch(`${server.info.uri}/doc`, { method: 'PATCH', headers }),
  loads: () => loads,
});
