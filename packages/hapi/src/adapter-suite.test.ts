import { Readable } from 'node:stream';
import type { ResponseToolkit, RouteDefMethods } from '@hapi/hapi';
import Hapi from '@hapi/hapi';
import type { Reply, Routes } from '@precond/adapter-suite';
import { describeAdapter } from '@precond/adapter-suite';
import { precond } from './index.js';

// The adapter suite's routes built the hapi way: the plugin registered once, each route's options
// in `plugins.precond`. hapi's types list RFC 9110's methods only; at run time it routes any method
// token, QUERY included (lower-casing it in `request.method`).

function write(h: ResponseToolkit, reply: Reply) {
  const { body } = reply;
  const response = h.response(
    typeof body === 'object' && 'stream' in body ? Readable.from(body.stream, { objectMode: false }) : body,
  );
  const given = new Set<string>();
  for (const [name, value] of reply.headers ?? []) {
    response.header(name, value, { append: given.has(name) });
    given.add(name);
  }
  return response.code(reply.status ?? 200);
}

async function buildServer(routes: Routes) {
  const server = Hapi.server({ host: '127.0.0.1', port: 0 });
  await server.register({ plugin: precond });
  for (const [path, { methods, options, handle }] of Object.entries(routes)) {
    server.route({
      method: methods as RouteDefMethods[],
      path,
      options: { plugins: { precond: options ?? {} } },
      handler: (request, h) => write(h, handle(request.plugins.precond, request.method.toUpperCase())),
    });
  }
  return server;
}

describeAdapter({
  name: 'hapi',
  nodeHttp: true,
  vary: 'Accept,accept-encoding', // hapi compresses JSON: the 200 and the 304 vary on Accept-Encoding too
  async serve(routes) {
    const server = await buildServer(routes);
    await server.start();
    return { baseUrl: server.info.uri, close: () => server.stop() };
  },
});
