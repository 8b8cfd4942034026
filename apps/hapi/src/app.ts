import type { Duplex } from 'node:stream';
import type { Server, ServerOptions } from '@hapi/hapi';
import Hapi from '@hapi/hapi';
import type { Database } from '@precond/domain';
import { closeConnectionsInStages } from '@precond/domain';
import { precond } from '@precond/hapi';
import { problemResponse, problemResponses } from './problem-responses.js';
import { articleRoutes } from './routes/articles.js';
import { sessionRoutes } from './routes/sessions.js';
import { userRoutes } from './routes/users.js';

/** The sample API on hapi, over an open database; `options` are hapi's (`port`, `host`…). */
export async function createApp(db: Database, options: ServerOptions = {}): Promise<Server> {
  const server = Hapi.server({
    ...options,
    // `/api/articles/` is `/api/articles`, as in Koa's router.
    router: { stripTrailingSlash: true },
    routes: {
      // Reads are revalidated: hapi gives every response without a Cache-Control of its own this
      // one, precond's 304 included, so a 304 carries it as the 200 would.
      cache: { otherwise: 'no-cache' },
      // Only the article body is served in ranges, by its route, which honours If-Range as RFC 9110
      // §13.1.5 says; hapi's own ranging would take any GET 200, and a weak tag in If-Range.
      response: { ranges: false },
    },
  });
  // After the fact for routes without validators (the article list): a strong ETag and 304s.
  await server.register({ plugin: precond });
  problemResponses(server);
  server.route([...articleRoutes(db), ...userRoutes(db), ...sessionRoutes(db)]);
  methodNotAllowed(server);
  answer431ToHeaderOverflow(server);
  closeConnectionsInStages(server.listener);
  return server;
}

/**
 * 405 with `Allow` for a method a known path does not serve, and OPTIONS answered with `Allow`, as
 * Koa's router does; hapi alone answers both with 404.
 */
function methodNotAllowed(server: Server): void {
  const allowed = new Map<string, string[]>();
  for (const { path, method } of server.table()) {
    const methods = method === 'get' ? ['GET', 'HEAD'] : [method.toUpperCase()];
    allowed.set(path, [...(allowed.get(path) ?? []), ...methods]);
  }
  for (const [path, methods] of allowed) {
    const allow = methods.join(', ');
    server.route({
      method: '*',
      path,
      // The body is never read: a malformed one must not turn the 405 into a 400.
      options: { payload: { parse: false, output: 'stream' } },
      handler: (request, h) => {
        if (request.method === 'options') return h.response().code(200).header('allow', allow);
        const detail = `${request.method.toUpperCase()} is not supported here`;
        return problemResponse(request, h, 405, detail).header('allow', allow);
      },
    });
  }
}

/**
 * A header block over Node's limit (16 KiB) gets 431, as Node itself answers it: hapi's own
 * `clientError` listener says 400 to every parse error. This one runs first and closes the
 * connection, so hapi's finds nothing left to answer.
 */
function answer431ToHeaderOverflow(server: Server): void {
  server.listener.prependListener('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code !== 'HPE_HEADER_OVERFLOW' || !socket.writable) return;
    // As Node's own handler: never into a response already under way on this keep-alive connection.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    if (!inFlight?.headersSent) {
      socket.write('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n');
    }
    socket.destroy();
  });
}
