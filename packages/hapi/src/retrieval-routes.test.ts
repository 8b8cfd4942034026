import type { RouteDefMethods, Server } from '@hapi/hapi';
import Hapi from '@hapi/hapi';
import { describeQuery, describeRepeatedLines, ITEM, SEARCH_RESULTS } from '@precond/adapter-suite';
import { afterAll, beforeAll } from 'vitest';
import { precond } from './index.js';

// hapi's types list RFC 9110's methods only; at run time it routes any method token, QUERY included
// (lower-casing it in `request.method`).
const QUERY = 'QUERY' as unknown as RouteDefMethods;

let runs = 0;
let server: Server;

beforeAll(async () => {
  server = Hapi.server({ host: '127.0.0.1', port: 0 });
  await server.register({ plugin: precond });
  server.route({
    method: ['GET', QUERY, 'PATCH'],
    path: '/item',
    options: { plugins: { precond: { validators: () => ITEM } } },
    handler: () => {
      runs++;
      return { ran: true };
    },
  });
  server.route({ method: QUERY, path: '/search', handler: () => SEARCH_RESULTS });
  await server.start();
});
afterAll(() => server.stop());

const target = { baseUrl: () => server.info.uri, handlerRuns: () => runs };
describeQuery(target);
describeRepeatedLines(target);
