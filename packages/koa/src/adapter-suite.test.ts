import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { RouterMiddleware } from '@koa/router';
import Router from '@koa/router';
import type { Reply, Routes } from '@precond/adapter-suite';
import { describeAdapter, fieldsByName } from '@precond/adapter-suite';
import Koa from 'koa';
import type { PreconditionState } from './index.js';
import { preconditions } from './index.js';

// The adapter suite's routes built the Koa way: `app.use(preconditions())` answers every route
// after the fact, and a route with options gets its own `preconditions(options)` (the innermost
// decides). @koa/router routes every method in Node's http.METHODS, QUERY included (Node.js 20).

function write(ctx: Koa.Context, reply: Reply): void {
  ctx.set(fieldsByName(reply));
  ctx.status = reply.status ?? 200;
  const { body } = reply;
  if (body !== undefined)
    ctx.body = typeof body === 'object' && 'stream' in body ? Readable.from(body.stream) : body;
}

function buildApp(routes: Routes): Koa {
  const app = new Koa();
  const router = new Router<PreconditionState>();
  for (const [path, { methods, options, handle }] of Object.entries(routes)) {
    const handler: RouterMiddleware<PreconditionState> = (ctx) =>
      write(ctx, handle(ctx.state.precond, ctx.method));
    router.register(path, [...methods], options ? [preconditions(options), handler] : [handler]);
  }
  app.use(preconditions());
  app.use(router.routes());
  return app;
}

describeAdapter({
  name: 'koa',
  nodeHttp: true,
  async serve(routes) {
    const server = buildApp(routes).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  },
});
