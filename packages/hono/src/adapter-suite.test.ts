import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Reply, Routes } from '@precond/adapter-suite';
import { describeAdapter, fieldsByName } from '@precond/adapter-suite';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import type { PreconditionEnv } from './index.js';
import { preconditions, withPreconditions } from './index.js';

// The adapter suite's routes built the Hono way: `app.use(preconditions())` answers every route
// after the fact, a route with options gets its own `preconditions(options)` before its handler
// (the route's options decide) — or, run a second time, its handler wrapped in
// `withPreconditions(handler, options)` — and the handler reads `c.var.precond`. Bodies go through Hono's
// own `c.text`, `c.json` and `stream()`; served on Node by @hono/node-server.

function write(c: Context, reply: Reply): Response | Promise<Response> {
  c.status((reply.status ?? 200) as 200);
  // c.header replaces (a handler's field overrides a default precond set); a repeated name appends.
  for (const [name, value] of Object.entries(fieldsByName(reply))) {
    const [first = '', ...rest] = [value].flat();
    c.header(name, first);
    for (const more of rest) c.header(name, more, { append: true });
  }
  const { body } = reply;
  if (body === undefined) return c.body(null);
  if (typeof body === 'string') return c.text(body);
  if ('stream' in body) {
    return stream(c, async (out) => {
      for (const chunk of body.stream) await out.write(chunk);
    });
  }
  return c.json(body);
}

/** Where a route with options gets its own precond: a route middleware, or its handler wrapped. */
type RouteForm = 'middleware' | 'handler';

function buildApp(routes: Routes, form: RouteForm): Hono<PreconditionEnv> {
  const app = new Hono<PreconditionEnv>();
  app.use(preconditions());
  for (const [path, { methods, options, handle }] of Object.entries(routes)) {
    const handler = (c: Context<PreconditionEnv>) => write(c, handle(c.var.precond, c.req.method));
    if (!options) app.on([...methods], path, handler);
    else if (form === 'middleware') app.on([...methods], path, preconditions(options), handler);
    else app.on([...methods], path, withPreconditions(handler, options));
  }
  return app;
}

for (const form of ['middleware', 'handler'] as const) {
  describeAdapter({
    name: form === 'middleware' ? 'hono' : 'hono withPreconditions',
    nodeHttp: true,
    jsonContentType: 'application/json',
    serve: async (routes) => {
      const app = buildApp(routes, form);
      const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
        const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
      });
      return {
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
      };
    },
  });
}
