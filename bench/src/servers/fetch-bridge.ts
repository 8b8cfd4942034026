/**
 * A minimal node:http server for Fetch route handlers `(request, context) => Response`, standing in
 * for `next start`: the request becomes a Fetch `Request`, the `Response` is written back, its
 * body streamed. It costs the same for a bare handler and a wrapped one, so the difference between
 * them is what `withPreconditions` costs (Next's own server adds more work on both sides).
 *
 * @module
 */

import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type FetchHandler = (request: Request, context: { params: Promise<object> }) => Promise<Response>;

function toFetchRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  return new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
  });
}

async function writeFetchResponse(response: Response, res: ServerResponse): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body === null) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    if (!res.write(read.value)) await once(res, 'drain');
  }
  res.end();
}

const context = { params: Promise.resolve({}) };

export function serveFetchHandler(handler: FetchHandler): Server {
  return createServer((req, res) => {
    handler(toFetchRequest(req), context)
      .then((response) => writeFetchResponse(response, res))
      .catch((error: unknown) => {
        console.error(error);
        res.destroy();
      });
  });
}
