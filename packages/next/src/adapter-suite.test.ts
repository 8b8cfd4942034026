import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Reply, RouteSpec, Routes } from '@precond/adapter-suite';
import { describeAdapter } from '@precond/adapter-suite';
import type { RouteHandler } from './index.js';
import { json, text, withPreconditions } from './index.js';

// The adapter suite's routes built as App Router route modules (`export const GET =
// withPreconditions(…)`), served the way Next's server calls them: a Fetch Request in, the Fetch
// Response written back as it is, HEAD through GET when the module has no HEAD. Next routes no
// QUERY and joins repeated field lines itself, so those topics are not run here (nodeHttp: false).

type RouteModule = Record<string, RouteHandler<Request, { params: Promise<object> }>>;

function toResponse(reply: Reply): Response {
  const init = {
    status: reply.status ?? 200,
    headers: (reply.headers ?? []).map(([name, value]): [string, string] => [name, value]),
  };
  const { body } = reply;
  if (body === undefined) return new Response(null, init);
  if (typeof body === 'string') return text(body, init);
  if ('stream' in body) {
    const chunks = body.stream.map((chunk) => new TextEncoder().encode(chunk));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    return new Response(stream, init);
  }
  return json(body, init);
}

function toRouteModule({ methods, options, handle }: RouteSpec): RouteModule {
  const handler = withPreconditions(
    (request, _context, precond) => toResponse(handle(precond, request.method)),
    options,
  );
  return Object.fromEntries(methods.map((method) => [method, handler]));
}

function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '');
  const body = req.method === 'GET' || req.method === 'HEAD' ? null : (Readable.toWeb(req) as ReadableStream);
  return new Request(`http://${req.headers.host}${req.url}`, {
    method: req.method ?? 'GET',
    headers,
    body,
    duplex: 'half',
  } as RequestInit);
}

async function write(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.appendHeader(name, value);
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader?.read())
    res.write(read.value);
  res.end();
}

async function serveRouteModules(modules: Readonly<Record<string, RouteModule>>) {
  const server = createServer(async (req, res) => {
    const route = modules[new URL(req.url ?? '/', 'http://localhost').pathname];
    const method = req.method ?? 'GET';
    const handler = route?.[method] ?? (method === 'HEAD' ? route?.GET : undefined);
    if (!handler) return void res.writeHead(route ? 405 : 404).end();
    let response: Response;
    try {
      response = await handler(toRequest(req), { params: Promise.resolve({}) });
    } catch {
      // What Next answers for an error a route handler throws: a bare 500, none of the route's fields.
      response = new Response(null, { status: 500 });
    }
    await write(response, res);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describeAdapter({
  name: 'next (App Router)',
  nodeHttp: false,
  jsonContentType: 'application/json',
  vary: 'Accept, accept-encoding', // Next compresses: the 200 and the 304 vary on Accept-Encoding too
  serve: (routes: Routes) =>
    serveRouteModules(
      Object.fromEntries(Object.entries(routes).map(([path, spec]) => [path, toRouteModule(spec)])),
    ),
});
