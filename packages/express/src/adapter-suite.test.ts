import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Reply, Routes } from '@precond/adapter-suite';
import { describeAdapter, fieldsByName } from '@precond/adapter-suite';
import type { Express, Response } from 'express';
import express from 'express';
import { preconditionErrors, preconditions } from './index.js';

// The adapter suite's routes built the Express way: `app.use(preconditions())` answers every route
// after the fact, a route with options gets its own `preconditions(options)` (the route's options
// decide), and `preconditionErrors()` after the routes turns a PreconditionFailedError into a 412.
// Express routes every method in Node's http.METHODS, QUERY included (Node.js 20). Express's own
// `etag` setting is left on, as an app has it by default.

function write(res: Response, reply: Reply): void {
  res.status(reply.status ?? 200);
  res.set(fieldsByName(reply));
  const { body } = reply;
  if (body === undefined) res.end();
  else if (typeof body === 'string') res.send(body);
  else if ('stream' in body) Readable.from(body.stream).pipe(res);
  else res.json(body);
}

function buildApp(routes: Routes): Express {
  const app = express();
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

describeAdapter({
  name: 'express',
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
