import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Reply, Routes } from '@precond/adapter-suite';
import { describeAdapter, fieldsByName } from '@precond/adapter-suite';
import type { Express, Response } from 'express';
import express from 'express';
// @ts-expect-error Express 4, installed under another name, has no types of its own here: it is
// typed as Express 5, whose API precond uses is the same.
import express4Untyped from 'express4';
import { preconditionErrors, preconditions } from './index.js';

const express4 = express4Untyped as typeof express;

// The adapter suite's routes built the Express way: `app.use(preconditions())` answers every route
// after the fact, a route with options gets its own `preconditions(options)` (the route's options
// decide), and `preconditionErrors()` after the routes turns a PreconditionFailedError into a 412.
// Express routes every method in Node's http.METHODS, QUERY included (Node.js 20). Express's own
// `etag` setting is left on, as an app has it by default. The same suite runs on Express 4.

function write(res: Response, reply: Reply): void {
  res.status(reply.status ?? 200);
  res.set(fieldsByName(reply));
  const { body } = reply;
  if (body === undefined) res.end();
  else if (typeof body === 'string') res.send(body);
  else if ('stream' in body) Readable.from(body.stream).pipe(res);
  else res.json(body);
}

function buildApp(createApp: typeof express, routes: Routes): Express {
  const app = createApp();
  app.use(preconditions());
  for (const [path, { methods, options, handle }] of Object.entries(routes)) {
    const route = app.route(path);
    for (const method of methods) {
      const handler = (req: express.Request, res: Response) =>
        write(res, handle(res.locals.precond, req.method));
      const verb = method.toLowerCase() as 'get';
      if (options) route[verb](preconditions(options), handler);
      else route[verb](handler);
    }
  }
  app.use(preconditionErrors());
  return app;
}

for (const [name, createApp] of [
  ['express', express],
  ['express 4', express4],
] as const) {
  describeAdapter({
    name,
    nodeHttp: true,
    async serve(routes) {
      const server = buildApp(createApp, routes).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      return {
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((resolve) => server.close(() => resolve())),
      };
    },
  });
}
