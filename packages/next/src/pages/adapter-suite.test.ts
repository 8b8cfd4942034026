import { Readable } from 'node:stream';
import type { Reply, Routes } from '@precond/adapter-suite';
import { describeAdapter, fieldsByName } from '@precond/adapter-suite';
import type { NextApiHandler, NextApiResponse } from 'next';
import { serveApiRoutes } from '../../test-support/serve-api-routes.js';
import { withPreconditionsApi } from './index.js';

// The adapter suite's routes built as Pages API routes: one `withPreconditionsApi(handler, options)`
// a path, called for any method (QUERY included), through Next's own apiResolver.

function write(res: NextApiResponse, reply: Reply): void {
  for (const [name, value] of Object.entries(fieldsByName(reply))) res.setHeader(name, value);
  res.status(reply.status ?? 200);
  const { body } = reply;
  if (body === undefined) res.end();
  else if (typeof body === 'string') res.send(body);
  else if ('stream' in body) res.send(Readable.from(body.stream));
  else res.json(body);
}

function toApiHandlers(routes: Routes): Record<string, NextApiHandler> {
  return Object.fromEntries(
    Object.entries(routes).map(([path, { options, handle }]) => [
      path,
      withPreconditionsApi((req, res, precond) => write(res, handle(precond, String(req.method))), options),
    ]),
  );
}

describeAdapter({
  name: 'next (Pages Router)',
  nodeHttp: true,
  vary: 'Accept, accept-encoding', // Next compresses: the 200 and the 304 vary on Accept-Encoding too
  serve: (routes) => serveApiRoutes(toApiHandlers(routes)),
});
