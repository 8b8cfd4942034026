import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Reply, Routes } from '@precond/adapter-suite';
import { describeAdapter } from '@precond/adapter-suite';
import type { FetchHandler } from './index.js';
import { json, text, withPreconditions } from './index.js';

// The adapter suite's routes as plain Fetch handlers, one `withPreconditions(handler, options)` per
// route, dispatched on the path by a Fetch handler of a few lines (as a Deno or Bun app would be),
// served on Node through @hono/node-server's Request/Response bridge. HEAD reaches a GET route.

function toResponse(reply: Reply): Response {
  const init = { status: reply.status ?? 200, headers: reply.headers?.map(([name, value]) => [name, value]) };
  const { body } = reply;
  if (body === undefined) return new Response(null, init as ResponseInit);
  if (typeof body === 'string') return text(body, init as ResponseInit);
  if ('stream' in body) {
    const encoder = new TextEncoder();
    const chunks = [...body.stream];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk === undefined) controller.close();
        else controller.enqueue(encoder.encode(chunk));
      },
    });
    return new Response(stream, init as ResponseInit);
  }
  return json(body, init as ResponseInit);
}

function toFetchHandler(routes: Routes): (request: Request) => Promise<Response> {
  const handlers = new Map<string, { methods: readonly string[]; handler: FetchHandler }>();
  for (const [path, { methods, options, handle }] of Object.entries(routes)) {
    const handler = withPreconditions(
      (request, precond) => toResponse(handle(precond, request.method)),
      options,
    );
    handlers.set(path, { methods, handler });
  }
  return async (request) => {
    const route = handlers.get(new URL(request.url).pathname);
    if (!route) return new Response(null, { status: 404 });
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    if (!route.methods.includes(method)) return new Response(null, { status: 405 });
    return route.handler(request);
  };
}

describeAdapter({
  name: 'fetch',
  nodeHttp: true,
  jsonContentType: 'application/json',
  serve: async (routes) => {
    const fetch = toFetchHandler(routes);
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const started = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    return {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
});
